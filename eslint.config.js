import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { readdirSync } from 'node:fs';

/** Tables only their owning module may query (others call its services). */
const TABLE_OWNERS = {
  meetings: ['meetings', 'meetingExceptions', 'meetingChangeRequests', 'calendarFeeds'],
  groups: ['groupJoinRequests'],
  invitations: ['invitations'],
  rooms: ['rooms', 'roomMessages', 'roomReactions', 'roomParticipants'],
};

/** One config per module folder: it may import its own repository, never another module's. */
const moduleFences = readdirSync(new URL('./server/modules', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => ({
    files: [`server/modules/${name}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/*.test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/*/*.repository*', '../*/*.repository*', `!**/modules/${name}/*`],
              message: `Modules call each other's services, never their repositories (${name} owns only its own).`,
            },
            ...Object.entries(TABLE_OWNERS)
              .filter(([owner]) => owner !== name)
              .map(([owner, tables]) => ({
                group: ['**/db/schema', '**/db/schema/*'],
                importNames: tables,
                message: `The ${owner} module owns these tables: call its service (${owner}.*.service.ts).`,
              })),
          ],
        },
      ],
    },
  }));

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'web/dist', 'server/db/migrations', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['bin/**', 'scripts/**', '*.js', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['web/src/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The web client talks to the server only through the API and shared contracts.
      'no-restricted-imports': ['error', { patterns: ['**/server/**'] }],
    },
  },
  {
    files: ['contracts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**'] }] },
  },
  {
    // Only repositories and db/ touch the database; routes and services go through them.
    files: ['server/modules/**/*.routes.ts', 'server/policies/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema*', '**/*.repository.ts'],
              allowTypeImports: true,
              message: 'Routes and policies go through services; only repositories query.',
            },
          ],
        },
      ],
    },
  },
  ...moduleFences,
);
