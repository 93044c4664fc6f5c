/**
 * A strict reader of RFC 5424 SYSLOG-MSG lines for the audit tests: the header fields, every
 * SD-ELEMENT with its params (escapes undone), and MSG. Throws on anything that is not RFC 5424.
 */
export interface Syslog5424 {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sd: Record<string, Record<string, string>>;
  msg: string;
}

const HEADER = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) /;
// RFC 3339 as RFC 5424 section 6.2.3 restricts it: full date-time, optional fraction, Z or offset.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export function parse5424(line: string): Syslog5424 {
  const h = HEADER.exec(line);
  if (!h) throw new Error(`not an RFC 5424 header: ${line.slice(0, 120)}`);
  const pri = Number(h[1]);
  if (pri > 191) throw new Error(`PRI out of range: ${pri}`);
  if (h[3] !== '-' && !TIMESTAMP.test(h[3]!)) throw new Error(`TIMESTAMP is not RFC 3339: ${h[3]}`);
  let i = h[0].length;
  const sd: Record<string, Record<string, string>> = {};
  if (line[i] === '-') i++;
  else {
    if (line[i] !== '[') throw new Error(`STRUCTURED-DATA expected at ${i}`);
    while (line[i] === '[') {
      i++;
      const idEnd = line.slice(i).search(/[ \]]/);
      const id = line.slice(i, i + idEnd);
      if (!/^[!-~]{1,32}$/.test(id) || /[= "\]]/.test(id)) throw new Error(`bad SD-ID ${id}`);
      i += idEnd;
      const params: Record<string, string> = {};
      while (line[i] === ' ') {
        i++;
        const eq = line.indexOf('=', i);
        const name = line.slice(i, eq);
        if (!/^[!-~]{1,32}$/.test(name) || /[= "\]]/.test(name)) throw new Error(`bad PARAM-NAME ${name}`);
        if (line[eq + 1] !== '"') throw new Error(`PARAM-VALUE of ${name} is not quoted`);
        let v = '';
        let j = eq + 2;
        for (;;) {
          const c = line[j];
          if (c === undefined) throw new Error(`unterminated PARAM-VALUE of ${name}`);
          if (c === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\' || line[j + 1] === ']')) {
            v += line[j + 1];
            j += 2;
          } else if (c === '"') break;
          else if (c === ']') throw new Error(`unescaped ] in PARAM-VALUE of ${name}`);
          else {
            v += c;
            j++;
          }
        }
        params[name] = v;
        i = j + 1;
      }
      if (line[i] !== ']') throw new Error(`SD-ELEMENT ${id} not closed`);
      i++;
      sd[id] = params;
    }
  }
  const msg = line[i] === ' ' ? line.slice(i + 1) : line.slice(i);
  if (i < line.length && line[i] !== ' ') throw new Error(`garbage after STRUCTURED-DATA at ${i}`);
  return {
    pri,
    facility: pri >> 3,
    severity: pri & 7,
    version: Number(h[2]),
    timestamp: h[3]!,
    hostname: h[4]!,
    appName: h[5]!,
    procId: h[6]!,
    msgId: h[7]!,
    sd,
    msg,
  };
}
