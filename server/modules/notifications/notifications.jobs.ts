import type { Jobs } from '../../lib/jobs.ts';
import { REMINDER_SWEEP_JOB, sweepReminders } from './notifications.reminders.service.ts';
import { deliverEmail, EMAIL_JOB, type NotificationsDeps } from './notifications.service.ts';

/**
 * The notification system's jobs: the per-minute reminder sweep and the email of one
 * notification (now, or when quiet hours end). Both idempotent (at-least-once delivery).
 */
export async function registerNotificationJobs(jobs: Jobs, deps: NotificationsDeps): Promise<void> {
  await jobs.work<{ notificationId: string }>(EMAIL_JOB, (data) =>
    deliverEmail(deps, data.notificationId),
  );
  await jobs.work(REMINDER_SWEEP_JOB, async () => {
    await sweepReminders(deps);
  });
  await jobs.schedule(REMINDER_SWEEP_JOB, '* * * * *');
}
