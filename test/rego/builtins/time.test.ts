// time.* on the host: Go layouts, zones, durations, calendar arithmetic and exact nanoseconds.
import { expect } from 'chai';
import { evaluate, evaluateAll } from './evaluate.js';

describe('host builtins: time', () => {
  it('parses RFC 3339 times exactly, to the nanosecond and at the ends of int64', async () => {
    const r = await evaluateAll({
      offset: 'time.parse_rfc3339_ns("2017-06-02T19:00:00-07:00")',
      lastDigits: 'time.parse_rfc3339_ns("2262-04-11T23:47:16.854775807-00:00") % 1000',
      tooLarge: 'time.parse_rfc3339_ns("2262-04-11T23:47:16.854775808-00:00")',
      badDay: 'time.parse_rfc3339_ns("2021-02-30T00:00:00Z")',
    });
    expect(r).to.deep.equal({ offset: 1496455200000000000, lastDigits: 807, tooLarge: undefined, badDay: undefined });
  });

  it('parses Go layouts, with month names, 12-hour clocks and zones', async () => {
    const r = await evaluateAll({
      date: 'time.parse_ns("2006-01-02", "2020-02-29")',
      named: 'time.parse_ns("Mon, 02 Jan 2006 15:04:05 -0700", "Sat, 03 Dec 2022 00:10:53 +0530")',
      kitchen: 'time.parse_ns("Jan _2 2006 3:04PM", "Feb  3 2021 1:30PM")',
      mismatch: 'time.parse_ns("2006-01-02", "2020/02/29")',
    });
    expect(r).to.deep.equal({ date: 1582934400000000000, named: 1670006453000000000, kitchen: 1612359000000000000, mismatch: undefined });
  });

  it('formats in RFC 3339 by default, in a zone, and with a layout or a layout name', async () => {
    const t = 1670006453000000000;
    const r = await evaluateAll({
      utc: `time.format(${t})`,
      zoned: `time.format([${t}, "Asia/Kolkata"])`,
      layout: `time.format([${t}, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"])`,
      name: `time.format([${t}, "America/New_York", "RFC1123Z"])`,
      fraction: 'time.format([1500000000, "UTC", "15:04:05.000 .999"])',
      badZone: `time.format([${t}, "Not/AZone"])`,
    });
    expect(r).to.deep.equal({
      utc: '2022-12-02T18:40:53Z',
      zoned: '2022-12-03T00:10:53+05:30',
      layout: 'Sat Dec 03 00:10:53 +0530 2022',
      name: 'Fri, 02 Dec 2022 13:40:53 -0500',
      fraction: '00:00:01.500 .5',
      badZone: undefined,
    });
  });

  it('takes nanosecond instants beyond 2^53 exactly (the SDK would round them on the way in)', async () => {
    const t = '1670006453141828752';
    const r = await evaluateAll({
      utc: `time.format(${t})`,
      zoned: `time.format([${t}, "Asia/Kolkata"])`,
      later: `time.format(time.add_date(${t}, 0, 0, 1))`,
    });
    expect(r).to.deep.equal({
      utc: '2022-12-02T18:40:53.141828752Z',
      zoned: '2022-12-03T00:10:53.141828752+05:30',
      later: '2022-12-03T18:40:53.141828752Z',
    });
  });

  it('reads date, clock and weekday in a zone', async () => {
    const r = await evaluateAll({
      date: 'time.date(1517814000000000000)',
      clock: 'time.clock([1517832000000000000, "America/New_York"])',
      weekday: 'time.weekday(1518177600000000000)',
      fraction: 'time.date(1.5)',
    });
    expect(r).to.deep.equal({ date: [2018, 2, 5], clock: [7, 0, 0], weekday: 'Friday', fraction: undefined });
  });

  it('adds dates with Go overflow rules and diffs calendar spans', async () => {
    const r = await evaluateAll({
      monthEnd: 'time.format(time.add_date(time.parse_ns("2006-01-02", "2021-01-31"), 0, 1, 0))',
      leap: 'time.diff(time.parse_ns("2006-01-02", "2020-02-02"), time.parse_ns("2006-01-02", "2020-03-01"))',
      yearAndDay: 'time.diff(time.parse_ns("2006-01-02", "2005-03-01"), time.parse_ns("2006-01-02", "2004-02-29"))',
    });
    expect(r).to.deep.equal({ monthEnd: '2021-03-03T00:00:00Z', leap: [0, 0, 28, 0, 0, 0], yearAndDay: [1, 0, 1, 0, 0, 0] });
  });

  it('parses Go durations exactly', async () => {
    const r = await evaluateAll({
      mixed: 'time.parse_duration_ns("1h30m0.5s")',
      micro: 'time.parse_duration_ns("-2µs")',
      bare: 'time.parse_duration_ns("10")',
    });
    expect(r).to.deep.equal({ mixed: 5400500000000, micro: -2000, bare: undefined });
  });

  it('holds time.now_ns constant within one evaluation', async () => {
    expect(await evaluate('count({time.now_ns() | numbers.range(1, 200)[_]})')).to.equal(1);
  });
});
