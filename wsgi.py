"""The WSGI entry point: ``gunicorn wsgi:app``; ``python wsgi.py PORT`` is ``make run``'s
development server, quiet but for errors (its request log goes to instance/server.log)."""

import logging
import sys

from eventnet import create_app

app = create_app()

if __name__ == "__main__":
    from werkzeug.serving import run_simple

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    log = logging.getLogger("werkzeug")
    log.addHandler(logging.FileHandler(f"{app.instance_path}/server.log"))
    log.setLevel(logging.INFO)
    log.propagate = False
    run_simple("127.0.0.1", port, app, threaded=True)
