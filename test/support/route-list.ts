import type { Express } from 'express';

/** What an Express 5 (router 2) layer exposes; read only here, to list what the app answers. */
interface Layer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle: { readonly stack?: readonly Layer[] };
}

/**
 * Every route the app answers, as `METHOD /path` (e.g. `POST /dedup/answer`), walked from its
 * router stack; a sub-app or handler mounted under a path of its own (static files, Bull Board)
 * is listed once as `USE /path`, not descended into. A route added later shows up here without
 * anyone listing it by hand.
 */
export function listAppRoutes(app: Express): string[] {
  const router = (app as unknown as { router: { stack: readonly Layer[] } }).router;
  const found = new Set<string>();
  walk(router.stack, found);
  return [...found].sort();
}

function walk(stack: readonly Layer[], found: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]))
        found.add(`${method.toUpperCase()} ${String(layer.route.path)}`);
    } else if (typeof layer.rawPath === 'string' && layer.rawPath !== '/') {
      found.add(`USE ${layer.rawPath}`);
    } else if (Array.isArray(layer.handle.stack)) {
      walk(layer.handle.stack, found);
    }
  }
}
