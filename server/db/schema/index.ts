export * from './users.ts';
export * from './sessions.ts';
export * from './audit.ts';
export * from './groups.ts';
export * from './invitations.ts';
export * from './rooms.ts';
