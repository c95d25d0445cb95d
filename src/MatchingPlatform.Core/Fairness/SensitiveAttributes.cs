using MatchingPlatform.Core.Profiles;

namespace MatchingPlatform.Core.Fairness;

/// <summary>Age bands of the audit, from <see cref="Worker.BirthYear"/> and the audit year.</summary>
public enum AgeBand
{
    Unknown = 0,
    /// <summary>Up to 29 years old.</summary>
    Under30 = 1,
    /// <summary>30 to 44.</summary>
    From30To44 = 2,
    /// <summary>45 to 54: the older industrial workforce the platform is meant to serve.</summary>
    From45To54 = 3,
    /// <summary>55 and over.</summary>
    From55 = 4,
}

/// <summary>
/// A sensitive attribute the audit groups candidates by: its name, the groups it can put a candidate in (in display
/// order) and which group a candidate falls in. The group of candidates whose data does not say is
/// <see cref="UnknownGroup"/>: it is reported (so shares add up to 1 and the reader sees how much is unknown) but never
/// flagged, since "did not say" is a gap in the data rather than a population the ranking can treat unfairly.
/// </summary>
public sealed class SensitiveAttribute
{
    public SensitiveAttribute(string name, IReadOnlyList<string> groups, string unknownGroup, Func<AuditedCandidate, string> groupOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentException.ThrowIfNullOrWhiteSpace(unknownGroup);
        ArgumentNullException.ThrowIfNull(groupOf);
        if (!groups.Contains(unknownGroup, StringComparer.Ordinal))
            throw new ArgumentException($"the unknown group '{unknownGroup}' must be one of the groups", nameof(unknownGroup));
        if (groups.Distinct(StringComparer.Ordinal).Count() != groups.Count)
            throw new ArgumentException("groups must be distinct", nameof(groups));
        Name = name;
        Groups = groups;
        UnknownGroup = unknownGroup;
        GroupOf = groupOf;
    }

    public string Name { get; }
    /// <summary>Every group, in display order, <see cref="UnknownGroup"/> included.</summary>
    public IReadOnlyList<string> Groups { get; }
    public string UnknownGroup { get; }
    public Func<AuditedCandidate, string> GroupOf { get; }
}

/// <summary>The attributes the platform audits: gender and age band. Neither is ever a model feature.</summary>
public static class SensitiveAttributes
{
    public const string Female = "female";
    public const string Male = "male";
    public const string Unspecified = "unspecified";
    public const string Unknown = "unknown";

    /// <summary>female / male / unspecified (<see cref="Gender.Unspecified"/>, or a value this build does not know).</summary>
    public static readonly SensitiveAttribute Gender = new(
        "gender", [Female, Male, Unspecified], Unspecified, c => GenderGroup(c.Gender));

    public static string GenderGroup(Gender gender) => gender switch
    {
        Profiles.Gender.Female => Female,
        Profiles.Gender.Male => Male,
        _ => Unspecified,
    };

    /// <summary>
    /// Age in the audit year is <paramref name="auditYear"/> − <paramref name="birthYear"/> (the age reached during
    /// that year), banded &lt;30, 30-44, 45-54, 55+. Unknown when the birth year is missing or lies after the audit
    /// year (an age below zero is bad data, not a band).
    /// </summary>
    public static AgeBand AgeBandOf(int? birthYear, int auditYear)
    {
        if (birthYear is not { } born) return AgeBand.Unknown;
        var age = auditYear - born;
        return age switch
        {
            < 0 => AgeBand.Unknown,
            < 30 => AgeBand.Under30,
            < 45 => AgeBand.From30To44,
            < 55 => AgeBand.From45To54,
            _ => AgeBand.From55,
        };
    }

    public static string Label(AgeBand band) => band switch
    {
        AgeBand.Under30 => "<30",
        AgeBand.From30To44 => "30-44",
        AgeBand.From45To54 => "45-54",
        AgeBand.From55 => "55+",
        _ => Unknown,
    };

    /// <summary>Age band in <paramref name="auditYear"/>: &lt;30, 30-44, 45-54, 55+, unknown.</summary>
    public static SensitiveAttribute AgeBands(int auditYear) => new(
        "age band",
        [Label(AgeBand.Under30), Label(AgeBand.From30To44), Label(AgeBand.From45To54), Label(AgeBand.From55), Unknown],
        Unknown,
        c => Label(AgeBandOf(c.BirthYear, auditYear)));

    /// <summary>Gender and age band, as <c>matchctl audit</c> reports them.</summary>
    public static IReadOnlyList<SensitiveAttribute> Default(int auditYear) => [Gender, AgeBands(auditYear)];
}
