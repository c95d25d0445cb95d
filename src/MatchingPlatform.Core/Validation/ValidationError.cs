namespace MatchingPlatform.Core.Validation;

/// <summary>A rejected field: <see cref="Field"/> is the path a client sent (e.g. <c>skills[2].level</c>).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Thrown when domain input is invalid; carries every rejected field.</summary>
public sealed class DomainValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
