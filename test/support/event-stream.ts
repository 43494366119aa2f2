/** One server-sent event as read off the wire. */
export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Reads a `text/event-stream` response to its end (or until `stopAt` names an event just read),
 * parsing each `event:`/`data:` block; comment lines are skipped.
 */
export async function readEventStream(res: Response, stopAt = 'end'): Promise<StreamEvent[]> {
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (data === undefined) continue;
      events.push({ event, data: JSON.parse(data) });
      if (event === stopAt) {
        await reader.cancel();
        return events;
      }
    }
  }
}
