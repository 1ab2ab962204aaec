import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { checkImageReference } from "../../src/normalize/rules/image.js";

function check(value: string) {
  const d = new Diagnostics();
  checkImageReference(value, ["services", "web", "image"], d);
  return d;
}

const sha = "sha256:" + "a".repeat(64);

describe("checkImageReference", () => {
  it.each([
    "nginx",
    "nginx:1.25-alpine",
    "library/nginx:latest",
    "ghcr.io/owner/repo:v1.2.3",
    "localhost:5000/my-app",
    "localhost/app",
    "registry.example.com:443/a/b/c:tag_1",
    "Registry.Example.COM/app",
    "[::1]:5000/app",
    `nginx@${sha}`,
    `nginx:1@${sha}`,
    "my__app",
    "a.b-c---d",
    "${REGISTRY}/app:${TAG:-latest}",
    "${IMAGE}",
  ])("accepts %s", (ref) => {
    expect(check(ref).items).toEqual([]);
  });

  it.each([
    ["", /empty/],
    ["Nginx", /must be lowercase/],
    ["ghcr.io/Owner/repo", /must be lowercase/],
    ["nginx:", /invalid reference format/],
    ["nginx:-tag", /invalid reference format/],
    ["-nginx", /invalid reference format/],
    ["app_", /invalid reference format/],
    ["a//b", /invalid reference format/],
    ["a b", /invalid reference format/],
    ["nginx:" + "t".repeat(129), /invalid reference format/],
    ["nginx@sha256:abc", /invalid reference format/],
    ["nginx@md5:" + "a".repeat(32), /unsupported digest algorithm/],
    ["nginx@sha256:" + "A".repeat(64), /invalid sha256 digest/],
    ["a".repeat(64), /image ID/],
    ["x/" + "a".repeat(250), /255/],
  ])("rejects %s", (ref, why) => {
    const d = check(ref);
    expect(d.errors.map((e) => e.code)).toEqual([Code.InvalidImage]);
    expect(d.errors[0]!.message).toMatch(why);
  });
});
