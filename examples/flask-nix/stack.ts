import { defineStack, nixImage } from "compose-ts";

// A Flask app on a Nix-built Python. The image holds the interpreter and Flask only; the app's
// source is bind-mounted from ./app, so editing it needs no image rebuild. `flask` (Nixpkgs'
// wrapped CLI) already sees Flask's own dependencies, which a bare `python3` would not.
export default defineStack({
  name: "flask-nix",
  services: {
    web: {
      image: nixImage({
        name: "flask-nix",
        tag: "0.1.0",
        contents: ["python3Packages.flask"],
        command: ["flask", "--app", "app", "run", "--host", "0.0.0.0", "--port", "5000"],
        env: { PYTHONUNBUFFERED: "1" },
        workingDir: "/app",
        exposedPorts: [5000],
      }),
      volumes: ["./app:/app:ro"],
      ports: ["5000:5000"],
      restart: "unless-stopped",
    },
  },
});
