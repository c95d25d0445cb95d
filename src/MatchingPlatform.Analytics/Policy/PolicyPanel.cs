namespace MatchingPlatform.Analytics.Policy;

/// <summary>
/// One row of a policy panel: the outcome of <paramref name="Unit"/> (a city, a county) in <paramref name="Period"/>,
/// and the first period in which the unit is treated, or null when it is never treated.
/// </summary>
/// <param name="Period">
/// An integer period on an evenly spaced scale (a year, or a quarter ordinal such as year * 4 + quarter - 1), so that
/// event time is <c>period - first treated period</c>.
/// </param>
public sealed record PanelObservation(string Unit, int Period, double Outcome, int? FirstTreated);

/// <summary>
/// A balanced panel ready for estimation: units in ordinal order, periods ascending, the outcome as a dense
/// units × periods matrix, and each unit's treatment cohort (<see cref="NeverTreated"/> for never-treated units).
/// </summary>
/// <remarks>
/// <see cref="Create"/> follows R did 2.5.1's pre-processing so estimates are comparable with it: units not observed in
/// every period are dropped (did's balanced-panel default), units treated after the last period count as never
/// treated, and units already treated in the first period are dropped (no untreated period to compare against).
/// What was dropped is listed in <see cref="Notes"/>.
/// </remarks>
public sealed class PolicyPanel
{
    /// <summary>The cohort value of never-treated units in <see cref="Cohort"/> (R did's 0).</summary>
    public const int NeverTreated = 0;

    private PolicyPanel(string[] units, int[] periods, double[,] outcome, int[] cohort, IReadOnlyList<string> notes)
    {
        Units = units;
        Periods = periods;
        Outcome = outcome;
        Cohort = cohort;
        Notes = notes;
        Cohorts = cohort.Where(g => g != NeverTreated).Distinct().Order().ToArray();
    }

    public IReadOnlyList<string> Units { get; }
    public IReadOnlyList<int> Periods { get; }
    /// <summary>Outcome[unit index, period index].</summary>
    public double[,] Outcome { get; }
    /// <summary>First treated period per unit index; <see cref="NeverTreated"/> when never treated.</summary>
    public IReadOnlyList<int> Cohort { get; }
    /// <summary>The distinct treatment cohorts (first treated periods), ascending.</summary>
    public IReadOnlyList<int> Cohorts { get; }
    /// <summary>What pre-processing dropped or recoded, one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    public int UnitCount => Units.Count;
    public int PeriodCount => Periods.Count;
    public int NeverTreatedCount => Cohort.Count(g => g == NeverTreated);

    /// <summary>Index of <paramref name="period"/> in <see cref="Periods"/>, or -1.</summary>
    public int PeriodIndex(int period)
    {
        var i = Array.BinarySearch((int[])Periods, period);
        return i >= 0 ? i : -1;
    }

    /// <summary>Treatment dummy D_it: 1 from the unit's first treated period on.</summary>
    public bool IsTreated(int unit, int periodIndex) => Cohort[unit] != NeverTreated && Periods[periodIndex] >= Cohort[unit];

    /// <summary>The same outcomes with the cohorts replaced (placebo reassignment); no re-validation.</summary>
    public PolicyPanel WithCohorts(int[] cohorts)
    {
        if (cohorts.Length != UnitCount) throw new ArgumentException("one cohort per unit", nameof(cohorts));
        return new PolicyPanel((string[])Units, (int[])Periods, Outcome, cohorts, Notes);
    }

    /// <summary>
    /// Builds the balanced panel. Throws <see cref="ArgumentException"/> on rows no estimator can use: a duplicate
    /// (unit, period), a non-finite outcome, or a unit whose first treated period differs between its rows.
    /// </summary>
    public static PolicyPanel Create(IEnumerable<PanelObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var byUnit = new SortedDictionary<string, Dictionary<int, double>>(StringComparer.Ordinal);
        var cohortOf = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            if (string.IsNullOrWhiteSpace(o.Unit)) throw new ArgumentException("an observation has no unit");
            if (!double.IsFinite(o.Outcome)) throw new ArgumentException($"unit {o.Unit}, period {o.Period}: outcome is not a finite number");
            if (!byUnit.TryGetValue(o.Unit, out var rows))
            {
                byUnit[o.Unit] = rows = [];
                cohortOf[o.Unit] = o.FirstTreated;
            }
            else if (cohortOf[o.Unit] != o.FirstTreated)
                throw new ArgumentException($"unit {o.Unit}: first treated period changes between rows ({Show(cohortOf[o.Unit])} and {Show(o.FirstTreated)})");
            if (!rows.TryAdd(o.Period, o.Outcome)) throw new ArgumentException($"unit {o.Unit}, period {o.Period}: duplicate observation");
        }
        if (byUnit.Count == 0) throw new ArgumentException("the panel is empty");

        var periods = byUnit.Values.SelectMany(r => r.Keys).Distinct().Order().ToArray();
        if (periods.Length < 2) throw new ArgumentException("the panel needs at least two periods");
        var notes = new List<string>();
        var incomplete = byUnit.Where(u => u.Value.Count != periods.Length).Select(u => u.Key).ToList();
        if (incomplete.Count > 0)
            notes.Add($"dropped {incomplete.Count} unit(s) not observed in all {periods.Length} periods (balanced panel): {Preview(incomplete)}");
        var treatedFirst = byUnit.Keys.Where(u => cohortOf[u] is { } g && g <= periods[0] && !incomplete.Contains(u)).ToList();
        if (treatedFirst.Count > 0)
            notes.Add($"dropped {treatedFirst.Count} unit(s) already treated in the first period {periods[0]}: {Preview(treatedFirst)}");
        var late = byUnit.Keys.Count(u => cohortOf[u] is { } g && g > periods[^1]);
        if (late > 0) notes.Add($"{late} unit(s) first treated after the last period {periods[^1]} count as never treated");

        var keep = byUnit.Keys.Except(incomplete).Except(treatedFirst).ToArray();
        if (keep.Length == 0) throw new ArgumentException("no unit is left after balancing the panel");
        var outcome = new double[keep.Length, periods.Length];
        var cohort = new int[keep.Length];
        for (var i = 0; i < keep.Length; i++)
        {
            var rows = byUnit[keep[i]];
            for (var t = 0; t < periods.Length; t++) outcome[i, t] = rows[periods[t]];
            cohort[i] = cohortOf[keep[i]] is { } g && g <= periods[^1] ? g : NeverTreated;
            if (cohort[i] != NeverTreated && Array.BinarySearch(periods, cohort[i]) < 0)
                throw new ArgumentException($"unit {keep[i]}: first treated period {cohort[i]} is not one of the panel's periods");
        }
        return new PolicyPanel(keep, periods, outcome, cohort, notes);
    }

    private static string Show(int? g) => g?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never";

    private static string Preview(IReadOnlyList<string> units) =>
        string.Join(", ", units.Take(5)) + (units.Count > 5 ? $" and {units.Count - 5} more" : "");
}
