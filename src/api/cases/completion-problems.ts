import { HttpProblem } from '../http/problem';

/** 400 with every reason a completion payload was refused for (codes and paths, never values). */
export function invalidPayload(taskType: string, reasons: string[]): HttpProblem {
  return new HttpProblem(400, 'Bad Request', { detail: `Invalid ${taskType} payload.`, extra: { reasons } });
}
