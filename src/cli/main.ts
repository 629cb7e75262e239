import type { Lang, Severity } from '../core/catalog/types';
import { lintFile, type LintRecord } from './lint';
import { langFromEnvironment, message } from './messages';
import { tokenCommand } from './token';

/** The `tokenwise` command. Exit codes: 0 clean, 1 a finding at --fail-on (default error) or above, 2 usage or I/O trouble (`token`: see token.ts). */

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

interface LintOptions {
  format: 'json' | 'text';
  lang: Lang;
  /** The least severity that makes the exit status 1. */
  failOn: Severity;
  files: string[];
}

/** Severities from the most to the least severe. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information'];

function parseLintArgs(args: readonly string[], lang: Lang): LintOptions | 'help' {
  const options: LintOptions = { format: 'text', lang, failOn: 'error', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') {
      options.files.push(...args.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--format' || name === '--lang' || name === '--fail-on') {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(message(options.lang, 'missingValue', name));
      if (name === '--format') {
        if (value !== 'json' && value !== 'text') throw new UsageError(message(options.lang, 'badValue', name, value, 'json|text'));
        options.format = value;
      } else if (name === '--fail-on') {
        const severity = SEVERITIES.find((candidate) => candidate === value);
        if (!severity) throw new UsageError(message(options.lang, 'badValue', name, value, SEVERITIES.join('|')));
        options.failOn = severity;
      } else {
        const normalized = value.toLowerCase();
        if (normalized !== 'en' && normalized !== 'pt-br') throw new UsageError(message(options.lang, 'badValue', name, value, 'en|pt-BR'));
        options.lang = normalized === 'en' ? 'en' : 'pt-BR';
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(message(options.lang, 'unknownOption', arg));
    } else {
      options.files.push(arg);
    }
  }
  if (options.files.length === 0) throw new UsageError(message(options.lang, 'noFiles'));
  return options;
}

function formatText(record: LintRecord, lang: Lang): string {
  const { line, character } = record.range.start;
  const severity = message(lang, `severity_${record.severity}`);
  return `${record.file}:${line + 1}:${character + 1}: ${severity} ${record.code}: ${record.message}`;
}

async function lint(options: LintOptions, io: CliIO): Promise<number> {
  const records: LintRecord[] = [];
  let unreadable = false;
  // Files are read one after the other: a CI log can name thousands, and order keeps output stable.
  for (const file of options.files) {
    const outcome = await lintFile(file, options.lang);
    if ('error' in outcome) {
      unreadable = true;
      io.stderr(`tokenwise: ${message(options.lang, 'unreadable', file, outcome.error)}\n`);
      continue;
    }
    records.push(...outcome.records);
    if (options.format === 'text') {
      for (const record of outcome.records) io.stdout(`${formatText(record, options.lang)}\n`);
    }
  }
  const count = (severity: string) => records.filter((record) => record.severity === severity).length;
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    io.stderr(`${message(options.lang, 'summary', options.files.length, count('error'), count('warning'), count('information'))}\n`);
  }
  if (unreadable) return 2;
  const failing = SEVERITIES.slice(0, SEVERITIES.indexOf(options.failOn) + 1);
  return records.some((record) => failing.includes(record.severity)) ? 1 : 0;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const lang = langFromEnvironment(io.env);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(`${message(lang, 'usage')}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'token') return await tokenCommand(rest, io, lang);
    if (command !== 'lint') throw new UsageError(message(lang, 'unknownCommand', command));
    const options = parseLintArgs(rest, lang);
    if (options === 'help') {
      io.stdout(`${message(lang, 'usage')}\n`);
      return 0;
    }
    return await lint(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tokenwise: ${error.message}\n${message(lang, 'tryHelp')}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`tokenwise: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
