import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule in eslint.config.js that keeps each table behind its module's service. */
describe('module fence', () => {
  const eslint = new ESLint();
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
  };

  it("refuses a module importing another module's repository", async () => {
    const messages = await lint(
      'server/modules/groups/groups.probe.ts',
      "export { findMeetingBySlug } from '../meetings/meetings.repository.ts';\n" +
        "import { lockMeeting as x } from '../meetings/meetings.repository.ts';\nvoid x;\n",
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]!.message).toContain('never their repositories');
  });

  it('keeps the users table behind the users service too', async () => {
    const refused = await lint(
      'server/modules/auth/auth.probe.ts',
      "import { findUserById } from '../users/users.repository.ts';\nvoid findUserById;\n",
    );
    expect(refused.length).toBeGreaterThan(0);
    const allowed = await lint(
      'server/modules/auth/auth.probe.ts',
      "import { findUserById } from '../users/users.service.ts';\nvoid findUserById;\n",
    );
    expect(allowed).toEqual([]);
  });

  it('refuses a module querying a table another module owns (meetings)', async () => {
    for (const file of ['finder/finder.probe.ts', 'demo/demo.repository.ts']) {
      const messages = await lint(
        `server/modules/${file}`,
        "import { meetings, groups } from '../../db/schema/index.ts';\nvoid meetings;\nvoid groups;\n",
      );
      expect(messages.map((m) => m.message)).toEqual([
        expect.stringContaining('The meetings module owns these tables'),
      ]);
    }
    const own = await lint(
      'server/modules/meetings/meetings.probe.ts',
      "import { meetings } from '../../db/schema/index.ts';\nvoid meetings;\n",
    );
    expect(own).toEqual([]);
  });

  it('lets a module import its own repository and other modules’ services', async () => {
    const messages = await lint(
      'server/modules/groups/groups.probe.ts',
      "import * as repo from './groups.repository.ts';\n" +
        "import { recordAudit } from '../audit/audit.service.ts';\nvoid repo;\nvoid recordAudit;\n",
    );
    expect(messages).toEqual([]);
  });
});
