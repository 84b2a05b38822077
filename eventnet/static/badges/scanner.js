/* The in-page badge scanner: camera frames, read by the browser's BarcodeDetector where it
   has one, else by the vendored jsQR; a badge address opens its /b/ page. Nothing else on
   the site needs JavaScript: the phone's own camera app opening the address works the same. */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) {
    return;
  }
  var base = root.getAttribute("data-badge-base");
  var door = root.getAttribute("data-door") === "1";
  var video = root.querySelector("video");
  var status = root.querySelector("[data-status]");
  var button = root.querySelector("button");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var detector = null;
  var done = false;

  function say(text) {
    status.textContent = text;
  }

  // Only our own badge addresses are followed: a QR code is someone else's input.
  function tokenFrom(text) {
    var prefixes = [base, window.location.origin + "/b/"];
    for (var i = 0; i < prefixes.length; i++) {
      if (prefixes[i] && text.indexOf(prefixes[i]) === 0) {
        var token = text.slice(prefixes[i].length);
        if (/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
          return token;
        }
      }
    }
    return null;
  }

  function readFrame() {
    if (detector) {
      return detector.detect(video).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      }, function () {
        detector = null;
        return null;
      });
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
    return Promise.resolve(code ? code.data : null);
  }

  function scan() {
    if (done) {
      return;
    }
    if (video.readyState < 2 || !video.videoWidth) {
      window.setTimeout(scan, 100);
      return;
    }
    readFrame().then(function (text) {
      var token = text ? tokenFrom(text) : null;
      if (token) {
        done = true;
        say("Badge found: opening it…");
        window.location.assign("/b/" + encodeURIComponent(token) + (door ? "?door=1" : ""));
        return;
      }
      if (text) {
        say("That QR code is not an eventnet badge. Point the camera at a badge.");
      }
      window.setTimeout(scan, 150);
    });
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser cannot use the camera here. Use your phone's camera app instead.");
      return;
    }
    button.disabled = true;
    say("Starting the camera…");
    var ready = Promise.resolve();
    if ("BarcodeDetector" in window) {
      ready = window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") !== -1) {
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        }
      }, function () {});
    }
    ready
      .then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play();
      })
      .then(function () {
        say("Point the camera at a badge's QR code.");
        scan();
      })
      .catch(function (error) {
        button.disabled = false;
        say("The camera could not start (" + error.name + "). Use your phone's camera app, or type the badge code.");
      });
  }

  button.hidden = false;
  say("Start the camera, then allow it when your browser asks.");
  button.addEventListener("click", start);
})();
