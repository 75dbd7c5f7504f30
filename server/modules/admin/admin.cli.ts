/** `iconocast admin …` (written by the admin module). */
export async function runAdminCommand(_args: string[]): Promise<number> {
  throw new Error('admin commands are not written yet.');
}
