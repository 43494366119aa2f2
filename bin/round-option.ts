import { SisError } from '../pipeline/errors.ts';
import { currentRound, findRound } from '../pipeline/reference/reference.ts';
import type { CliContext } from './context.ts';

/** The round a `--round` option names (checked against data/rounds.csv), or the current one. */
export function resolveRound(ctx: CliContext, round: string | undefined): string {
  if (round !== undefined) {
    if (!findRound(ctx.reference, round))
      throw new SisError('input/bad-argument', `unknown round ${round} (data/rounds.csv)`);
    return round;
  }
  const current = currentRound(ctx.reference, new Date());
  if (!current) throw new SisError('round/unknown', 'no round is defined in data/rounds.csv');
  return current.round_id;
}
