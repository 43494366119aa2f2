import { describe, expect, it } from 'vitest';
import { acceptedChart, bangkokDay } from '../../pipeline/completeness/accepted-chart.ts';
import { pupilsChangeFlag, tallyCompleteness } from '../../pipeline/completeness/completeness-types.ts';
import { timeLeftTh } from '../../dashboard/completeness/completeness-view.ts';

describe('completeness helpers', () => {
  it('when pupils change by more than a fifth then the change is flagged, at a fifth or without a previous count it is not', () => {
    expect(pupilsChangeFlag(79, 100)).toBe('drop');
    expect(pupilsChangeFlag(121, 100)).toBe('rise');
    expect(pupilsChangeFlag(80, 100)).toBeNull();
    expect(pupilsChangeFlag(120, 100)).toBeNull();
    expect(pupilsChangeFlag(5, null)).toBeNull();
    expect(pupilsChangeFlag(null, 5)).toBeNull();
    expect(pupilsChangeFlag(5, 0)).toBeNull();
  });

  it('when rows are tallied then submitted is accepted + partial + rejected and not-submitted stays apart', () => {
    const statuses = ['accepted', 'accepted', 'partial', 'rejected', 'not-submitted'] as const;
    expect(tallyCompleteness(statuses.map((status) => ({ status })))).toEqual({
      expected: 5,
      submitted: 4,
      accepted: 2,
      partial: 1,
      rejected: 1,
      notSubmitted: 1,
    });
  });

  it('when an instant is after 17:00 UTC then its Bangkok day is the next calendar day', () => {
    expect(bangkokDay(new Date('2019-11-15T16:59:59Z'))).toBe('2019-11-15');
    expect(bangkokDay(new Date('2019-11-15T17:00:00Z'))).toBe('2019-11-16');
  });

  it('when a window runs 7 Oct – 15 Nov (Bangkok) then the chart has 40 bars, the busiest full height, days outside drawn nowhere', () => {
    const chart = acceptedChart(
      [
        { day: '2019-10-07', files: 2 },
        { day: '2019-11-15', files: 4 },
        { day: '2019-11-16', files: 9 },
      ],
      new Date('2019-10-06T17:00:00Z'),
      new Date('2019-11-15T17:00:00Z'),
    );
    expect(chart.bars).toHaveLength(40);
    expect(chart.maxFiles).toBe(4);
    expect(chart.bars[0]).toMatchObject({ day: '2019-10-07', files: 2 });
    expect(chart.bars[39]).toMatchObject({ day: '2019-11-15', files: 4, y: 12, height: 178 });
    expect(chart.bars.filter((b) => b.files === 0).every((b) => b.height === 0)).toBe(true);
  });

  it('when the close is ahead then the time left is in days and hours, and once passed it says closed', () => {
    const closes = new Date('2019-11-15T17:00:00Z');
    expect(timeLeftTh(closes, new Date('2019-11-13T15:00:00Z'))).toBe('เหลือ 2 วัน 2 ชั่วโมง');
    expect(timeLeftTh(closes, new Date('2019-11-15T15:30:00Z'))).toBe('เหลือ 1 ชั่วโมง 30 นาที');
    expect(timeLeftTh(closes, closes)).toBe('ปิดรับข้อมูลแล้ว (closed)');
  });
});
