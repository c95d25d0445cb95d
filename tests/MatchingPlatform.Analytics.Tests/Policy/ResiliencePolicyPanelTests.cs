using MatchingPlatform.Analytics.Policy;
using MatchingPlatform.Analytics.Resilience;
using MatchingPlatform.Data.Policy;
using MatchingPlatform.Data.Resilience;

namespace MatchingPlatform.Analytics.Tests.Policy;

/// <summary>The city × quarter panel of a resilience outcome around a pilot, on fabricated scores.</summary>
public sealed class ResiliencePolicyPanelTests
{
    private static readonly Quarter Q1 = new(2025, 1), Q2 = new(2025, 2), Q3 = new(2025, 3), Q4 = new(2025, 4);
    private static readonly Quarter[] Window = [Q1, Q2, Q3, Q4];
    private static readonly string[] Cities = ["c", "a", "b"];

    /// <summary>Score = 10·(city number) + quarter number, +5 for city b from Q3: a known treatment effect of 5.</summary>
    private static List<CityQuarterValue> Scores()
    {
        var values = new List<CityQuarterValue>();
        foreach (var (city, i) in new[] { ("a", 1), ("b", 2), ("c", 3) })
            foreach (var q in Window)
                values.Add(new CityQuarterValue(city, q, 10 * i + q.Number + (city == "b" && q.CompareTo(Q3) >= 0 ? 5 : 0)));
        return values;
    }

    [Fact]
    public void Every_city_quarter_becomes_one_row_with_the_pilot_cities_treated_from_the_pilot_quarter()
    {
        var panel = CityQuarterPanel.Build(Scores(), Cities, Window, ["b"], Q3);

        Assert.Empty(panel.Missing);
        Assert.Equal(["a", "b", "c"], panel.Cities);
        Assert.Equal(12, panel.Observations.Count);
        // City order, then quarter order; periods are quarter ordinals so event time counts quarters.
        Assert.Equal(new PanelObservation("a", Q1.Ordinal, 11, null), panel.Observations[0]);
        Assert.Equal(new PanelObservation("b", Q3.Ordinal, 28, Q3.Ordinal), panel.Observations[6]);
        Assert.Equal(new PanelObservation("c", Q4.Ordinal, 34, null), panel.Observations[11]);
        Assert.All(panel.Observations, o => Assert.Equal(o.Unit == "b" ? Q3.Ordinal : null, o.FirstTreated));
        Assert.Equal(["b"], panel.Treated);
        Assert.Equal("2025-Q3", CityQuarterPanel.Label(panel.TreatedFrom.Ordinal));
    }

    [Fact]
    public void The_estimators_recover_the_fabricated_effect()
    {
        var panel = PolicyPanel.Create(CityQuarterPanel.Build(Scores(), Cities, Window, ["b"], Q3).Observations);
        var report = PolicyEvaluation.Run(panel, new PolicyEvaluationOptions { PlaceboRepetitions = 0, BootstrapRepetitions = 10 });

        Assert.Equal(3, report.Panel.Units);
        Assert.Equal(4, report.Panel.Periods);
        Assert.Equal(1, report.Panel.UnitsPerCohort[Q3.Ordinal]);
        Assert.Equal(5.0, report.Twfe.Coefficient, 9);
        Assert.Equal(5.0, report.Simple.Overall, 9);
    }

    [Fact]
    public void Quarters_outside_the_window_are_ignored()
    {
        var values = Scores();
        values.Add(new CityQuarterValue("a", new Quarter(2024, 4), 99));
        values.Add(new CityQuarterValue("zz", new Quarter(2026, 1), 99)); // outside the window: not even checked
        var panel = CityQuarterPanel.Build(values, Cities, Window, ["b"], Q3);
        Assert.Equal(12, panel.Observations.Count);
        Assert.DoesNotContain(panel.Observations, o => o.Outcome == 99);
    }

    [Fact]
    public void Missing_cells_are_listed_and_not_filled()
    {
        var values = Scores().Where(v => !(v.City == "c" && v.Quarter == Q2) && !(v.City == "b" && v.Quarter == Q4)).ToList();
        var panel = CityQuarterPanel.Build(values, Cities, Window, ["b"], Q3);

        Assert.Equal([new MissingCell("b", Q4), new MissingCell("c", Q2)], panel.Missing);
        Assert.Equal(["b", "c"], panel.IncompleteCities);
        Assert.Equal(10, panel.Observations.Count);
        Assert.DoesNotContain(panel.Observations, o => (o.Unit, o.Period) == ("c", Q2.Ordinal) || (o.Unit, o.Period) == ("b", Q4.Ordinal));
        Assert.Equal("c 2025-Q2", panel.Missing[1].ToString());

        // The balanced panel then drops those cities, saying so.
        var balanced = PolicyPanel.Create(panel.Observations);
        Assert.Equal(["a"], balanced.Units);
        Assert.Contains(balanced.Notes, n => n.Contains("b, c", StringComparison.Ordinal));
    }

    [Fact]
    public void A_city_without_any_value_is_missing_in_every_quarter()
    {
        var panel = CityQuarterPanel.Build(Scores(), ["a", "b", "c", "d"], Window, ["b"], Q3);
        Assert.Equal(Window.Select(q => new MissingCell("d", q)), panel.Missing);
    }

    [Fact]
    public void Impossible_panels_are_refused_with_the_reason()
    {
        Assert.Contains("'x' is not one of the panel's cities",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build(Scores(), Cities, Window, ["x"], Q3)).Message);
        Assert.Contains("must lie after the window's first quarter",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build(Scores(), Cities, Window, ["b"], Q1)).Message);
        Assert.Contains("must lie after the window's first quarter",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build(Scores(), Cities, Window, ["b"], new Quarter(2026, 1))).Message);
        Assert.Contains("consecutive",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build(Scores(), Cities, [Q1, Q3, Q4], ["b"], Q3)).Message);
        Assert.Contains("a 2025-Q1: two values",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build([.. Scores(), new("a", Q1, 1)], Cities, Window, ["b"], Q3)).Message);
        Assert.Contains("'zz'",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build([.. Scores(), new("zz", Q1, 1)], Cities, Window, ["b"], Q3)).Message);
        Assert.Contains("not a finite number",
            Assert.Throws<ArgumentException>(() => CityQuarterPanel.Build([new("a", Q1, double.NaN)], Cities, Window, ["b"], Q3)).Message);
    }

    [Fact]
    public void Outcome_names_cover_the_index_the_dimensions_and_the_indicators()
    {
        Assert.Same(ResilienceOutcome.Index, ResilienceOutcome.Parse("Resilience-Index"));
        Assert.Equal(ResilienceDimension.Recovery, ResilienceOutcome.Parse("recovery")!.Dimension);
        Assert.Equal(ResilienceIndicators.ReemploymentRate, ResilienceOutcome.Parse("reemployment_rate")!.Indicator!.Code);
        Assert.Null(ResilienceOutcome.Parse("reemployment")); // the pilot-anchored SQL panel, not an index outcome
        Assert.Null(ResilienceOutcome.Parse("resilience"));
        Assert.Equal(1 + 4 + 12, ResilienceOutcome.Names.Count);
        Assert.All(ResilienceOutcome.Names, n => Assert.Equal(n, ResilienceOutcome.Parse(n)!.Name));
    }

    [Fact]
    public void Outcome_values_come_from_the_index_and_indicators_are_taken_as_observed()
    {
        // Two cities, two quarters; x has no vacancy fill rate in Q2 (the index imputes the mean there).
        IndicatorObservation[] observations =
        [
            new("x", "2025-Q1", ResilienceIndicators.ReemploymentRate, 0.1), new("x", "2025-Q1", ResilienceIndicators.VacancyFillRate, 0.2),
            new("y", "2025-Q1", ResilienceIndicators.ReemploymentRate, 0.3), new("y", "2025-Q1", ResilienceIndicators.VacancyFillRate, 0.6),
            new("x", "2025-Q2", ResilienceIndicators.ReemploymentRate, 0.2),
            new("y", "2025-Q2", ResilienceIndicators.ReemploymentRate, 0.4), new("y", "2025-Q2", ResilienceIndicators.VacancyFillRate, 0.4),
        ];
        var result = ResilienceIndex.Compute(observations);

        var index = ResilienceOutcome.Index.ValuesOf(result, observations).ToList();
        Assert.Equal(4, index.Count);
        Assert.Equal(result.Scores.Single(s => s.City == "y" && s.Period == "2025-Q2").Index,
            index.Single(v => v.City == "y" && v.Quarter == Q2).Value);

        var recovery = ResilienceOutcome.Parse("recovery")!.ValuesOf(result, observations).ToList();
        Assert.Equal(4, recovery.Count);
        Assert.Equal(result.Scores.Single(s => s.City == "x" && s.Period == "2025-Q1").Dimensions[ResilienceDimension.Recovery],
            recovery.Single(v => v.City == "x" && v.Quarter == Q1).Value);
        Assert.Empty(ResilienceOutcome.Parse("adaptability")!.ValuesOf(result, observations)); // no indicator of it

        var fill = ResilienceOutcome.Parse(ResilienceIndicators.VacancyFillRate)!.ValuesOf(result, observations).ToList();
        Assert.Equal(3, fill.Count); // x/Q2 stays missing although the index imputed 0.4 there
        Assert.DoesNotContain(fill, v => v.City == "x" && v.Quarter == Q2);
        Assert.Equal(0.6, fill.Single(v => v.City == "y" && v.Quarter == Q1).Value);

        var panel = CityQuarterPanel.Build(fill, ["x", "y"], [Q1, Q2], ["y"], Q2);
        Assert.Equal([new MissingCell("x", Q2)], panel.Missing);
    }

    [Fact]
    public void A_written_panel_reads_back_identically()
    {
        var built = CityQuarterPanel.Build(Scores().Select(v => v with { Value = v.Value / 3 }), Cities, Window, ["b"], Q3);
        var columns = new PanelColumns("city", "quarter", "resilience-index", "treated_from");
        var text = new StringWriter();
        PanelCsvWriter.Write(text, columns, built.Observations.Select(o => new PanelCsvRecord(o.Unit, CityQuarterPanel.Label(o.Period), o.Outcome,
            o.FirstTreated is { } g ? CityQuarterPanel.Label(g) : null)));

        Assert.StartsWith("city,quarter,resilience-index,treated_from" + Environment.NewLine + "a,2025-Q1,", text.ToString(), StringComparison.Ordinal);
        var read = PanelCsvReader.Read(new StringReader(text.ToString()), "panel.csv", columns);
        Assert.Empty(read.Rejected);
        Assert.True(read.Quarterly);
        Assert.Equal(built.Observations, read.Rows.Select(r => new PanelObservation(r.Unit, r.Period, r.Outcome, r.TreatedFrom)));
    }
}
