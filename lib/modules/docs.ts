import type { KeyDoc } from './entry';
import { MARKS, RUN_KEYS } from './keys';
import { MODULES } from './registry';

/**
 * The documentation made from the registry: the README's key table, the man page's list of keys,
 * docs/MODULES.md and the modules of etc/flightlog.yaml. `npm run docs` writes them;
 * test/modules/docs.test.ts fails when a file and the registry differ.
 */

/** A setting's default as the reference shows it: a pattern's text, a list in brackets, a map's names. */
export function shownDefault(value: unknown): string {
  if (value instanceof RegExp) return value.source;
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'object' && value !== null) return Object.keys(value).join(', ');
  return String(value);
}

/** A value in YAML's flow style, as the config file takes it: a pattern as a quoted string. */
export function flowYaml(value: unknown): string {
  if (value instanceof RegExp) return JSON.stringify(value.source);
  if (Array.isArray(value)) return `[${value.map(flowYaml).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${flowYaml(v)}`)
      .join(', ')}}`;
  // YAML's plain scalars: text that reads as itself (no `:`, `#`, quote or leading sign)
  return typeof value !== 'string' || /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/.test(value)
    ? String(value)
    : JSON.stringify(value);
}

/**
 * The modules of etc/flightlog.yaml, commented out: a line per module with settings (their defaults, or
 * an example where a setting has none), what it records, and the modules with none.
 */
export function configModules(): string {
  const COMMENT_AT = 46;
  const out = ['#modules:'];
  for (const m of MODULES) {
    const shown = Object.entries(m.settings).flatMap(([name, s]) => {
      const value = s.default === undefined ? s.example : flowYaml(s.default);
      return value === undefined ? [] : [`${name}: ${value}`];
    });
    if (shown.length === 0) continue;
    const lines = wrapFlow(`#  ${m.name}: {${shown.join(', ')}}`, 100);
    const note = `# ${m.kind === 'sampling' && m.optIn !== undefined ? 'opt-in: ' : ''}${m.docs().summary}`;
    lines.push(`${(lines.pop() as string).padEnd(COMMENT_AT)} ${note}`);
    out.push(...lines);
  }
  const plain = MODULES.filter((m) => Object.keys(m.settings).length === 0).map((m) => m.name);
  out.push(...wrapComment(`the others have no settings of their own: ${plain.join(', ')}`, 100));
  return out.join('\n');
}

/** Words as `# ` comment lines (a module's lines are `#  `: uncommenting them leaves these) of at most `width` characters. */
function wrapComment(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(`# ${word}`);
  }
  return lines;
}

/** A commented flow line cut after a comma where it passes `width`, its next lines indented under it. */
function wrapFlow(line: string, width: number): string[] {
  const lines: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(', ', width);
    if (cut < 0) break;
    lines.push(rest.slice(0, cut + 1));
    rest = `#      ${rest.slice(cut + 2)}`;
  }
  lines.push(rest);
  return lines;
}

/** Text for a markdown table cell or paragraph: outside code spans, `<if>` would be read as an HTML tag. */
const prose = (s: string): string =>
  s
    .split(/(`[^`]*`)/)
    .map((p) => (p.startsWith('`') ? p : p.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
const cell = (s: string): string => prose(s).replace(/\|/g, '\\|');

/** The README's table of keys: a row per key of the run line, then each module's rows, in the order lines are written. */
export function readmeKeyTable(): string {
  const rows = [
    ...RUN_KEYS.map(([key, , , meaning]) => [`\`${key}\``, meaning] as const),
    ...MODULES.flatMap((m) => m.docs().rows),
  ];
  return ['| key | meaning |', '|---|---|', ...rows.map(([keys, meaning]) => `| ${keys} | ${meaning} |`)].join('\n');
}

/** A documented key in the man page's markdown: literal parts in code, each placeholder in italics. */
const manKey = (key: string): string =>
  key
    .split(/(<[A-Za-z]+>)/)
    .filter((p) => p !== '')
    .map((p) => (p.startsWith('<') ? `*${p.slice(1, -1)}*` : `\`${p}\``))
    .join('');

/** The man page's keys, one item per module and subject pattern: `net.`*if*`.*`: `rx_bytes_per_s`, … */
export function manKeyList(): string {
  const items: string[] = [];
  const group = (keys: readonly KeyDoc[], note = ''): void => {
    const byPrefix = new Map<string, string[]>();
    for (const [key] of keys) {
      const cut = key.lastIndexOf('.');
      const prefix = key.slice(0, cut + 1);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), key.slice(cut + 1)]);
    }
    for (const [prefix, fields] of byPrefix)
      items.push(`* ${manKey(`${prefix}*`)}${note}:\n  ${fields.map(manKey).join(', ')}.`);
  };
  group(RUN_KEYS);
  for (const m of MODULES) group(m.docs().keys, m.kind === 'sampling' && m.optIn !== undefined ? ' (opt-in)' : '');
  group(MARKS);
  return items.join('\n');
}

/** docs/MODULES.md: every module with its summary, sources, settings, keys and notes. */
export function modulesReference(): string {
  const out = [
    "# flightlog's modules",
    '',
    'Made from the entries of the modules (`lib/modules/<name>/entry.ts`) by `npm run docs`; do not edit by hand. Kinds: gauge (a value now), rate (over the',
    'interval since the previous sample), new (a count since the previous run), mark (1 when so), text.',
  ];
  out.push(
    '',
    '## run',
    '',
    'The run line: what this run was. Written by every run, not by a module.',
    '',
    '| key | unit | kind | meaning |',
    '|---|---|---|---|',
  );
  for (const [key, unit, kind, source] of RUN_KEYS) out.push(`| \`${key}\` | ${unit} | ${kind} | ${cell(source)} |`);
  for (const m of MODULES) {
    const { summary, keys, notes } = m.docs();
    out.push(
      '',
      `## ${m.name}`,
      '',
      `${summary[0]?.toUpperCase()}${summary.slice(1)}. ${m.kind === 'event' ? 'An event module' : m.optIn === undefined ? 'A sampling module, on unless the config turns it off' : `A sampling module, off unless the config turns it on (${m.optIn})`}.`,
    );
    out.push('', `Sources: ${m.sources.map((s) => `\`${s}\``).join(', ')}.`);
    const settings = Object.entries(m.settings);
    if (settings.length > 0) {
      out.push('', '| setting | default | what it does |', '|---|---|---|');
      for (const [name, s] of settings)
        out.push(
          `| \`modules.${m.name}.${name}\` | ${s.default === undefined ? '' : `\`${cell(shownDefault(s.default))}\``} | ${cell(s.doc)} |`,
        );
    }
    if (keys.length > 0) {
      out.push('', '| key | unit | kind | source or formula |', '|---|---|---|---|');
      for (const [key, unit, kind, source] of keys) out.push(`| \`${key}\` | ${unit} | ${kind} | ${cell(source)} |`);
    }
    if (notes !== '') out.push('', prose(notes));
  }
  out.push('', '## Marks any module writes', '', '| key | unit | kind | meaning |', '|---|---|---|---|');
  for (const [key, unit, kind, source] of MARKS) out.push(`| \`${key}\` | ${unit} | ${kind} | ${cell(source)} |`);
  return `${out.join('\n')}\n`;
}
