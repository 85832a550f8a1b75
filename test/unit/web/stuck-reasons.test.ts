import { STUCK_REASONS } from '../../../src/api/supervision/stuck-rules';
import { explainStuck, STUCK_REASON_LABELS } from '../../../src/web/client/stuck-reasons';

describe('stuck-case reasons in the supervisor page', () => {
  test('every reason the API can answer has a Dutch label and explanation, and nothing else is offered', () => {
    for (const reason of STUCK_REASONS) {
      expect([reason, STUCK_REASON_LABELS[reason]]).toEqual([reason, expect.any(String)]);
      expect(STUCK_REASON_LABELS[reason]).not.toBe(reason);
      const words = explainStuck({ reason, phase: 'intake', waitingWorkingDays: 3 });
      expect([reason, words]).toEqual([reason, expect.stringMatching(/\S/)]);
      expect(words).not.toContain('technische toelichting');
    }
    // The reason filter offers these labels: a code the API refuses would answer 400.
    expect(Object.keys(STUCK_REASON_LABELS).sort()).toEqual([...STUCK_REASONS].sort());
  });

  test('a message that reached nobody tells the supervisor to pass it on by hand', () => {
    expect(explainStuck({ reason: 'notification-undeliverable' })).toContain('zelf door');
    expect(explainStuck({ reason: 'messages-bouncing' })).toContain('zelf door');
  });
});
