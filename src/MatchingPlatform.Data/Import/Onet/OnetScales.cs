namespace MatchingPlatform.Data.Import.Onet;

/// <summary>
/// O*NET rates every skill of an occupation on two scales: importance IM (1-5) and level LV (0-7).
/// The platform uses 1-5 for both; this is the one place the conversion lives.
/// </summary>
public static class OnetScales
{
    /// <summary>IM 1-5 is already on the platform's scale: rounded half away from zero, clamped to 1-5.</summary>
    public static int Importance(double im) =>
        Math.Clamp((int)Math.Round(im, MidpointRounding.AwayFromZero), 1, 5);

    /// <summary>
    /// LV 0-7 scaled linearly onto 0-5, rounded half away from zero and clamped to 1-5:
    /// <c>clamp(round(LV / 7 * 5), 1, 5)</c>. LV 2 becomes 1, LV 4 becomes 3, LV 5 becomes 4, LV 7 becomes 5.
    /// The clamp at 1 is there because a skill the platform lists at all is held at level 1 at least.
    /// </summary>
    public static int Level(double lv) =>
        Math.Clamp((int)Math.Round(lv / 7.0 * 5.0, MidpointRounding.AwayFromZero), 1, 5);
}
