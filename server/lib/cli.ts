import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad input to a command (flags, files): exit code 2, with the usage text unless told not to. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with positionals allowed; what it refuses becomes a usage error. */
export function parseCommandArgs<O extends CommandOptions>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Runs a command's body and returns its exit code: a usage error is written to `stderr`
 * and gives 2; any other failure throws.
 */
export async function runCommand(
  usage: string,
  stderr: { write(text: string): unknown },
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(err.showUsage ? `${err.message}\n\n${usage}\n` : `${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
