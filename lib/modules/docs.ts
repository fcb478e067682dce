import { type KeyDoc, MARKS, MODULES, RUN_KEYS } from './registry';

/**
 * The documentation made from the registry: the README's key table, the man page's list of keys and
 * docs/MODULES.md. `npm run docs` writes them; test/docs/registry-docs.test.ts fails when a file and
 * the registry differ.
 */

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
    'Made from `lib/modules/registry.ts` by `npm run docs`; do not edit by hand. Kinds: gauge (a value now), rate (over the',
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
          `| \`modules.${m.name}.${name}\` | ${s.default === undefined ? '' : `\`${cell(s.default)}\``} | ${cell(s.doc)} |`,
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
