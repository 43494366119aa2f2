/**
 * Waits until a submission's annotated workbook is built: the first request asks a parse worker's
 * child to build it, and until it is there its download answers 202 with Retry-After.
 */
export async function untilAnnotated(
  get: (path: string) => Promise<Response>,
  submissionId: number,
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await get(`/submissions/${submissionId}/annotated.xlsx`);
    await res.arrayBuffer();
    if (res.status !== 202) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the annotated workbook of submission ${submissionId} was never built`);
}
