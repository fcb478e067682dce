/** One line to stderr for the person at the terminal (or cron's mail): `flightlog: …`, or `flightlog <command>: …`. */
export const say = (line: string, who = 'flightlog'): void => void process.stderr.write(`${who}: ${line}\n`);
