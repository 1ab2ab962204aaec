import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { emitDaemonJson } from "../../src/emit/daemon-json.js";
import { emitNixos } from "../../src/emit/nixos.js";
import type { Project } from "../../src/model/index.js";
import { normalizeHost } from "../../src/normalize/host.js";
import { nixUnavailable } from "../helpers/nix.js";
import { evalNixosModule, nixosBack } from "../helpers/nixos-back.js";

const host = {
  docker: {
    daemonSettings: {
      "log-driver": "journald",
      "registry-mirrors": ["https://mirror.example"],
      "default-address-pools": [{ base: "10.10.0.0/16", size: 24 }],
      features: { "containerd-snapshotter": true },
      "live-restore": true,
      "x-custom": { b: 1, a: [null, "two"] },
    },
    rootless: { enable: true, setSocketVariable: true },
    users: ["bob", "alice"],
    autoPrune: { enable: true, dates: "weekly", flags: ["--all"] },
  },
};

const model: Project = { name: "p", services: { s: { image: "alpine" } } };

describe("normalizeHost", () => {
  it("accepts the typed block and any other daemon.json key", () => {
    const d = new Diagnostics();
    expect(normalizeHost(host, d)).toEqual(host);
    expect(d.items).toEqual([]);
  });

  it("is absent without a block", () => {
    expect(normalizeHost(undefined, new Diagnostics())).toBeUndefined();
  });

  it("reports unknown keys with a suggestion", () => {
    const d = new Diagnostics();
    expect(normalizeHost({ docker: { rootles: {}, autoPrune: { enabel: true } }, dokcer: {} }, d)).toBeUndefined();
    expect(d.items.map((x) => [x.code, x.path, x.message])).toEqual([
      [Code.UnknownKey, "host.dokcer", 'unknown key "dokcer" — did you mean "docker"?'],
      [Code.UnknownKey, "host.docker.rootles", 'unknown key "rootles" — did you mean "rootless"?'],
      [Code.UnknownKey, "host.docker.autoPrune.enabel", 'unknown key "enabel" — did you mean "enable"?'],
    ]);
  });

  it("reports wrong types, including typed daemon.json keys", () => {
    const d = new Diagnostics();
    normalizeHost(
      {
        docker: {
          daemonSettings: { "live-restore": "yes", dns: "1.1.1.1", "default-address-pools": [{ base: "10.0.0.0/8" }], other: () => 1 },
          rootless: { enable: 1 },
          users: ["Bad User"],
          runtime: "dokker",
        },
      },
      d,
    );
    expect(d.items.map((x) => `${x.code} ${x.path}`)).toEqual([
      `${Code.InvalidType} host.docker.daemonSettings.live-restore`,
      `${Code.InvalidType} host.docker.daemonSettings.dns`,
      `${Code.MissingKey} host.docker.daemonSettings.default-address-pools[0]`,
      `${Code.InvalidType} host.docker.daemonSettings.other`,
      `${Code.InvalidType} host.docker.rootless.enable`,
      `${Code.InvalidValue} host.docker.users[0]`,
      `${Code.InvalidValue} host.docker.runtime`,
    ]);
    expect(d.items.at(-1)?.message).toContain('did you mean "docker"?');
  });
});

describe("emitDaemonJson", () => {
  it("writes the daemon settings with sorted keys", () => {
    expect(emitDaemonJson(host)).toBe(`{
  "default-address-pools": [
    {
      "base": "10.10.0.0/16",
      "size": 24
    }
  ],
  "features": {
    "containerd-snapshotter": true
  },
  "live-restore": true,
  "log-driver": "journald",
  "registry-mirrors": [
    "https://mirror.example"
  ],
  "x-custom": {
    "a": [
      null,
      "two"
    ],
    "b": 1
  }
}
`);
    expect(emitDaemonJson({})).toBe("{}\n");
  });
});

describe("host settings in the NixOS module", () => {
  it("configures Docker and the docker group", () => {
    const r = emitNixos(model, { host });
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toContain(`  virtualisation.docker = {
    enable = true;
    daemon.settings = {
      default-address-pools = [
        {
          base = "10.10.0.0/16";
          size = 24;
        }
      ];
      features = {
        containerd-snapshotter = true;
      };
      live-restore = true;
      log-driver = "journald";
      registry-mirrors = [ "https://mirror.example" ];
      x-custom = {
        a = [ null "two" ];
        b = 1;
      };
    };
    rootless = {
      enable = true;
      setSocketVariable = true;
    };
    autoPrune = {
      enable = true;
      dates = "weekly";
      flags = [ "--all" ];
    };
  };
  users.users.alice.extraGroups = [ "docker" ];
  users.users.bob.extraGroups = [ "docker" ];
  virtualisation.oci-containers.backend = "docker";
`);
  });

  it("takes the runtime from the host block, and reports Docker-only settings on Podman", () => {
    const r = emitNixos(model, { host: { docker: { ...host.docker, runtime: "podman" } } });
    expect(r.text).toContain(`  virtualisation.podman = {
    enable = true;
    autoPrune = {`);
    expect(r.text).not.toContain("dockerCompat");
    expect(r.text).toContain('virtualisation.oci-containers.backend = "podman";');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`)).toEqual([
      `error ${Code.NotExpressible} host.docker.daemonSettings`,
      `error ${Code.NotExpressible} host.docker.rootless`,
      `error ${Code.NotExpressible} host.docker.users`,
    ]);
    // The option wins over the host block.
    expect(emitNixos(model, { host: { docker: { runtime: "podman" } }, runtime: "docker" }).text).toContain('backend = "docker"');
  });

  it.skipIf(nixUnavailable !== undefined)("evaluates to the same settings", () => {
    const ev = evalNixosModule(emitNixos(model, { host }).text);
    const back = nixosBack(ev, { project: "p" });
    expect(back.host).toEqual({
      docker: { enable: true, daemon: { settings: host.docker.daemonSettings }, rootless: host.docker.rootless, autoPrune: host.docker.autoPrune },
      users: { alice: { extraGroups: ["docker"] }, bob: { extraGroups: ["docker"] } },
    });
    const podman = evalNixosModule(emitNixos(model, { runtime: "podman" }).text);
    expect((podman.networking as { firewall: { interfaces: unknown } }).firewall.interfaces).toEqual({ "podman+": { allowedUDPPorts: [53] } });
  });
});
