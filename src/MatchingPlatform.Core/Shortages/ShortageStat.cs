namespace MatchingPlatform.Core.Shortages;

/// <summary>What a shortage statistic is about: a skill demanded by one industry in one city.</summary>
public readonly record struct ShortageKey(string CityCode, string IndustryCode, string SkillCode)
{
    public override string ToString() => $"{CityCode}/{IndustryCode}/{SkillCode}";
}

/// <summary>
/// One row of a shortage snapshot, computed by SQL aggregation in the database.
/// Demand is the open headcount of vacancies in the city and industry that require the skill;
/// <see cref="RequiredLevel"/> is the headcount-weighted mean level they ask for, rounded half up;
/// supply is the number of active seekers in the city who hold the skill at that level or above.
/// Supply is per city, not per industry: seekers are not bound to an industry.
/// </summary>
public sealed record ShortageStat(ShortageKey Key, int RequiredLevel, int DemandHeadcount, int OpenVacancies, int Supply)
{
    /// <summary>
    /// Demand per available seeker. A key without any seeker divides by one, so the ratio equals the
    /// demand and stays finite and comparable; <see cref="Supply"/> still says zero.
    /// </summary>
    public double Ratio => DemandHeadcount / (double)Math.Max(Supply, 1);
}

/// <summary>
/// A snapshot period: <see cref="LengthDays"/> days from <see cref="Start"/>. Periods are anchored on
/// Monday 2000-01-03, so weekly periods run Monday to Sunday and every replica computes the same period
/// for the same instant (a second snapshot of a period is a no-op, not a duplicate).
/// </summary>
public readonly record struct SnapshotPeriod(DateOnly Start, int LengthDays)
{
    public static readonly DateOnly Anchor = new(2000, 1, 3);

    /// <summary>First day after the period.</summary>
    public DateOnly EndExclusive => Start.AddDays(LengthDays);

    /// <summary>The last instant of the period: what a backfilled or replayed snapshot is taken "as of".</summary>
    public DateTimeOffset EndInstant => new DateTimeOffset(EndExclusive.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMilliseconds(-1);

    public SnapshotPeriod Previous => new(Start.AddDays(-LengthDays), LengthDays);
    public SnapshotPeriod Next => new(EndExclusive, LengthDays);

    public static SnapshotPeriod Containing(DateTimeOffset instant, int lengthDays)
    {
        if (lengthDays < 1) throw new ArgumentOutOfRangeException(nameof(lengthDays), lengthDays, "A period lasts at least one day.");
        var day = DateOnly.FromDateTime(instant.UtcDateTime);
        var offset = day.DayNumber - Anchor.DayNumber;
        var index = offset >= 0 ? offset / lengthDays : -((-offset + lengthDays - 1) / lengthDays);
        return new SnapshotPeriod(Anchor.AddDays(index * lengthDays), lengthDays);
    }

    public override string ToString() => Start.ToString("yyyy-MM-dd");
}
