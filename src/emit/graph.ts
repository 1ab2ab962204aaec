import type { Project } from "../model/index.js";

export type GraphFormat = "mermaid" | "dot";

export interface GraphOptions {
  format: GraphFormat;
}

/** What the picture shows, read once from the model and drawn by either printer. */
interface Graph {
  name: string;
  services: { id: string; name: string; image?: string }[];
  networks: { id: string; name: string }[];
  volumes: { id: string; name: string }[];
  dependsOn: { from: string; to: string; condition: string; required: boolean }[];
  attachments: { service: string; network: string }[];
  mounts: { service: string; volume: string; target: string }[];
}

/**
 * The stack as a picture: services (with their image), `depends_on` edges labelled with the
 * condition, and which networks each service joins and which named volumes it mounts where.
 * Pure and deterministic (ids are positions in sorted key order), like every emitter.
 */
export function emitGraph(model: Project, options: GraphOptions): string {
  const g = readGraph(model);
  return options.format === "dot" ? printDot(g) : printMermaid(g);
}

function readGraph(model: Project): Graph {
  const serviceNames = Object.keys(model.services).sort();
  const networkNames = Object.keys(model.networks ?? {}).sort();
  const volumeNames = Object.keys(model.volumes ?? {}).sort();
  const sid = new Map(serviceNames.map((n, i) => [n, `s${i}`]));
  const nid = new Map(networkNames.map((n, i) => [n, `n${i}`]));
  const vid = new Map(volumeNames.map((n, i) => [n, `v${i}`]));
  const g: Graph = {
    name: model.name,
    services: serviceNames.map((name) => {
      const image = model.services[name]!.image;
      return { id: sid.get(name)!, name, ...(image !== undefined ? { image } : {}) };
    }),
    networks: networkNames.map((name) => ({ id: nid.get(name)!, name })),
    volumes: volumeNames.map((name) => ({ id: vid.get(name)!, name })),
    dependsOn: [],
    attachments: [],
    mounts: [],
  };
  for (const name of serviceNames) {
    const s = model.services[name]!;
    const from = sid.get(name)!;
    for (const [dep, d] of Object.entries(s.depends_on ?? {}).sort(([a], [b]) => compare(a, b))) {
      const to = sid.get(dep);
      if (to) g.dependsOn.push({ from, to, condition: d.condition, required: d.required !== false });
    }
    for (const net of Object.keys(s.networks ?? {}).sort()) {
      const network = nid.get(net);
      if (network) g.attachments.push({ service: from, network });
    }
    for (const m of s.volumes ?? []) {
      const volume = m.type === "volume" && m.source !== undefined ? vid.get(m.source) : undefined;
      if (volume) g.mounts.push({ service: from, volume, target: m.target });
    }
  }
  return g;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function printMermaid(g: Graph): string {
  // Mermaid labels are HTML-ish: quotes and angle brackets must be entities.
  const esc = (s: string) => s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  const q = (s: string) => `"${esc(s)}"`;
  const lines = ["flowchart LR", `  %% ${esc(g.name)}`];
  for (const s of g.services) lines.push(`  ${s.id}["${esc(s.name)}${s.image ? `<br/><small>${esc(s.image)}</small>` : ""}"]`);
  for (const n of g.networks) lines.push(`  ${n.id}{{${q(`network: ${n.name}`)}}}`);
  for (const v of g.volumes) lines.push(`  ${v.id}[(${q(`volume: ${v.name}`)})]`);
  for (const e of g.dependsOn) lines.push(`  ${e.from} ${e.required ? "-->" : "-.->"}|${q(e.condition)}| ${e.to}`);
  for (const a of g.attachments) lines.push(`  ${a.service} --- ${a.network}`);
  for (const m of g.mounts) lines.push(`  ${m.service} -.-|${q(m.target)}| ${m.volume}`);
  return lines.join("\n") + "\n";
}

function printDot(g: Graph): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`digraph ${q(g.name)} {`, "  rankdir=LR;", '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const s of g.services) lines.push(`  ${s.id} [label=${q(s.image ? `${s.name}\n${s.image}` : s.name)}, shape=box, style=rounded];`);
  for (const n of g.networks) lines.push(`  ${n.id} [label=${q(n.name)}, shape=hexagon];`);
  for (const v of g.volumes) lines.push(`  ${v.id} [label=${q(v.name)}, shape=cylinder];`);
  for (const e of g.dependsOn) lines.push(`  ${e.from} -> ${e.to} [label=${q(e.condition)}${e.required ? "" : ", style=dashed"}];`);
  for (const a of g.attachments) lines.push(`  ${a.service} -> ${a.network} [arrowhead=none, color=gray];`);
  for (const m of g.mounts) lines.push(`  ${m.service} -> ${m.volume} [label=${q(m.target)}, arrowhead=none, style=dotted];`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
