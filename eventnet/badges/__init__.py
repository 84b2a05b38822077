"""QR badges: a token per registration, its QR code, printable PDFs, and scanning them."""
