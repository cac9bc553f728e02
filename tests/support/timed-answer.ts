// A phone's request to a BFF, timed (issue 26): the fault tests check both what people are told
// (status, error code and message, Retry-After) and how long they waited for it.

export interface Answer {
  status: number;
  code?: string;
  message?: string;
  retryAfter: string | null;
  ms: number;
  body: Record<string, unknown>;
}

/** `fetch(url, init)`, its JSON answer read, and the milliseconds it took. */
export async function timedAnswer(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = (await response.json()) as Record<string, unknown>;
  const error = body.error as { code?: string; message?: string } | undefined;
  return {
    status: response.status,
    code: error?.code,
    message: error?.message,
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
    body,
  };
}
