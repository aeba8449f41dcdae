import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../src/cli/args.ts';
import { INPUTS } from '../src/core/settings/inputs.ts';
import { inCommandWords } from '../src/cli/words.ts';

const inputsOf = (argv: string[]) => {
  const command = parseCommand(argv);
  if (command.kind !== 'run') throw new Error(`not a run: ${command.kind}`);
  return command;
};

describe('the command line', () => {
  it.each(INPUTS.map((input) => [input.name, input.kind] as const))(
    'reads --%s into the input of that name',
    (name, kind) => {
      const argv = kind === 'boolean' ? [`--${name}`] : [`--${name}`, 'some-value'];
      expect(inputsOf(argv).inputs).toEqual(new Map([[name, kind === 'boolean' ? 'true' : 'some-value']]));
    },
  );

  it('leaves unset inputs out, so that the settings builder applies the same defaults as the action', () => {
    expect(inputsOf([]).inputs.size).toBe(0);
  });

  it('adds up repeated list flags, and takes --name=value', () => {
    const { inputs } = inputsOf([
      '--upload-ids',
      'a,b',
      '--upload-ids=c',
      '--upload-tracks',
      'a/*',
      '--upload-tracks',
      'b/t',
    ]);
    expect(inputs.get('upload-ids')).toBe('a,b,c');
    expect(inputs.get('upload-tracks')).toBe('a/*,b/t');
  });

  it('takes a value that starts with a dash when written with =, and an empty list of IDs', () => {
    expect(inputsOf(['--query=-draft', '--upload-ids=']).inputs).toEqual(
      new Map([
        ['query', '-draft'],
        ['upload-ids', ''],
      ]),
    );
  });

  it.each([['--environment='], ['--environment', ''], ['--filter', ' '], ['--backup-dir', ''], ['--max-deletions=']])(
    'refuses an empty value where unset would widen the run: %s',
    (...argv) => {
      expect(() => inputsOf(argv)).toThrow(
        / is empty \(an unset variable\?\): give it a value, e\.g\. --\S+ \S+, or leave the flag out$/,
      );
    },
  );

  it('reads its own flags', () => {
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommand(['--dry-run', '--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['-v'])).toEqual({ kind: 'version' });
    expect(inputsOf(['--json', '--progress', 'off'])).toMatchObject({ json: true, progress: 'off' });
    expect(inputsOf([])).toMatchObject({ json: false, progress: 'auto' });
  });

  it.each([
    [['--dry'], 'unknown flag "--dry" (see --help for every flag)'],
    [['--verfy'], 'unknown flag "--verfy": did you mean --verify? (see --help for every flag)'],
    [['-x'], 'unknown flag "-x" (see --help for every flag)'],
    [
      ['--token=abc'],
      '--token is not a flag: the token is read from DATOCMS_API_TOKEN only (a flag would show in process lists and shell history): export DATOCMS_API_TOKEN=...',
    ],
    [
      ['--', '--dry-run'],
      'unexpected argument "--dry-run" after --: every value follows its flag, e.g. --upload-ids-file obsolete.txt (see --help)',
    ],
    [['--verify=yes'], '--verify takes no value: write --verify alone (it is off unless given)'],
    [['--json=1'], '--json takes no value: write --json alone (it is off unless given)'],
    [['--job-timeout'], '--job-timeout needs a value, e.g. --job-timeout 1800'],
    [
      ['--environment', '-x'],
      '--environment needs a value, and the next argument "-x" looks like a flag: write --environment=VALUE for a value that starts with a dash',
    ],
    [['--filter', '{}', '--filter', '{}'], '--filter is given 2 times: give it once'],
    [['--progress', 'a', '--progress', 'b'], '--progress is given 2 times: give it once'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(new UsageError(message));
  });

  it('quotes no more than a short piece of what was typed', () => {
    const secret = `--${'s'.repeat(30)}SECRETPART`;
    expect(() => parseCommand([secret])).toThrow(/^unknown flag "--ss\.\.\." \(42 characters\) \(see --help/);
  });
});

describe("the command's words", () => {
  it('replaces the phrases that name the action or the runner', () => {
    expect(
      inCommandWords(
        'The API token is invalid (GET /uploads answered 401): check the api-token secret, or create a new CMA token',
      ),
    ).toBe('The API token is invalid (GET /uploads answered 401): check DATOCMS_API_TOKEN, or create a new CMA token');
    expect(inCommandWords("GET /x failed: ECONNREFUSED: check base-url and the runner's network, then re-run")).toBe(
      "GET /x failed: ECONNREFUSED: check --base-url and this machine's network, then run the command again",
    );
  });
});
