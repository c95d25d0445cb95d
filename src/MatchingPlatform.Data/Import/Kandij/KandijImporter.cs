using System.Globalization;
using System.Text.RegularExpressions;
using MatchingPlatform.Core.Geography;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Skills;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Import.Onet;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Import.Kandij;

/// <summary>Rows read, accepted and rejected in one source file; <c>Accepted + Rejected == RowsRead</c>.</summary>
public sealed record FileTally(string File, long RowsRead, long Accepted, long Rejected);

/// <summary>The parsed kandij log: the import to apply, per-file tallies, and how many jobs' titles found an O*NET occupation.</summary>
/// <param name="WorkersPlacedByViews">
/// Workers with no Experience city, placed in the city of the first job they viewed. Their home city comes from the
/// log itself, so an offline evaluation must leave them out: their city would give the held-out views away.
/// </param>
public sealed record KandijImport(ParsedImport Parsed, IReadOnlyList<FileTally> Files, int JobsSeen, int JobsMatched,
    IReadOnlySet<string> WorkersPlacedByViews)
{
    public double JobTitleMatchShare => JobsSeen == 0 ? 0 : (double)JobsMatched / JobsSeen;
}

/// <summary>
/// Imports the kandij job-recommendation log (a US job board, 2014-15): Job_Views.csv, Experience.csv and
/// Positions_Of_Interest.csv. The log has job titles but no skills; skills come from the O*NET occupation
/// each title matches (<see cref="OnetCatalog.MatchTitle"/>). Every row read is either accepted (it went
/// into an entity of the batch) or rejected with its line and reason.
/// </summary>
/// <remarks>
/// What the log lacks and how the gap is filled:
/// <list type="bullet">
/// <item>Salaries: none are given, so vacancies carry 0-0 and salary features stay neutral.</item>
/// <item>Occupation codes: O*NET occupations are not in the shipped taxonomy and validation only accepts
/// known codes, so vacancies and history entries carry none; the match is noted in the vacancy description.</item>
/// <item>Cities: US cities are created from the log (<see cref="UsCities"/>) and registered in the
/// <see cref="CityDirectory"/> given, then written with the batch.</item>
/// <item>View durations: not used. Every view stays a <see cref="InteractionType.View"/>; grading interest
/// is the label builder's business, and a duration is missing for 15% of the views.</item>
/// </list>
/// </remarks>
public sealed partial class KandijImporter
{
    public const string Source = "kandij";
    public const string ViewsFile = "Job_Views.csv";
    public const string ExperienceFile = "Experience.csv";
    public const string InterestsFile = "Positions_Of_Interest.csv";

    /// <summary>A vacancy requires its occupation's this-many most important skills.</summary>
    public const int RequirementsPerVacancy = 8;

    private const string NullToken = "NA";
    private const int MaxEnterpriseSlug = 55; // "kandij-e-" + 55 = 64, the id limit

    private readonly OnetCatalog _onet;
    private readonly CityDirectory _cities;
    private readonly UsStates _states;
    private readonly ProfileValidator _validator;
    private readonly TimeProvider _clock;

    /// <param name="cities">The directory the platform validates against; the log's cities are registered into it.</param>
    public KandijImporter(OnetCatalog onet, SkillTaxonomy taxonomy, CityDirectory cities, UsStates states, TimeProvider? clock = null)
    {
        foreach (var industry in KandijIndustries.Industries)
            if (!taxonomy.HasIndustry(industry))
                throw new ArgumentException($"the taxonomy lacks industry '{industry}', which kandij industries map to", nameof(taxonomy));
        _onet = onet;
        _cities = cities;
        _states = states;
        _validator = new ProfileValidator(taxonomy, cities);
        _clock = clock ?? TimeProvider.System;
    }

    private static readonly string[] Files = [ViewsFile, ExperienceFile, InterestsFile];

    /// <summary>
    /// Parses the three files in <paramref name="directory"/>; throws <see cref="FileNotFoundException"/> naming a
    /// missing one. The log's cities are registered in the directory during the parse, whether or not the
    /// import is then applied: harmless in a one-shot CLI; a server loads its cities from the database
    /// (<see cref="ReferenceDataRepository.GetCitiesAsync"/>) instead of importing in-process.
    /// </summary>
    public KandijImport Parse(string directory, CancellationToken ct = default)
    {
        var paths = Files.Select(f => Path.Combine(Path.GetFullPath(directory), f)).ToArray();
        foreach (var p in paths)
            if (!File.Exists(p)) throw new FileNotFoundException($"kandij file missing: {p}", p);
        return new Run(this, ct).Parse(paths[0], paths[1], paths[2]);
    }

    private sealed record ViewRow(long Line, string Applicant, string Job, string? Title, string? Position, string? Company,
        string? City, string? State, string? Industry, DateTimeOffset Start, DateTimeOffset? Created);

    private sealed record ExperienceRow(long Line, string Applicant, string? Position, string? Employer, string? City, string? State,
        DateOnly? Start, DateOnly? End, DateTimeOffset? Written);

    private sealed record InterestRow(long Line, string Applicant, string Position, DateTimeOffset? Created);

    /// <summary>An Experience row kept for a worker, with what was made of it.</summary>
    private sealed record Spell(ExperienceRow Row, OnetOccupation? Occupation, string? CityCode, DateOnly? End)
    {
        public double? Years => Row.Start is { } s && End is { } e ? Math.Max(0, (e.DayNumber - s.DayNumber) / DaysPerYear) : null;
    }

    /// <summary>One parse: the state shared by its stages.</summary>
    private sealed class Run(KandijImporter importer, CancellationToken ct)
    {
        private readonly Dictionary<(string File, long Line), string> _rejected = [];
        private readonly Dictionary<string, long> _accepted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _read = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (OnetOccupation Occupation, double Confidence)?> _matches = new(StringComparer.Ordinal);

        private readonly Dictionary<string, Vacancy> _vacancies = new(StringComparer.Ordinal);   // by Job.ID
        private readonly Dictionary<string, long> _vacancyRejectedAt = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Enterprise> _enterprises = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);       // by Applicant.ID
        private readonly Dictionary<string, string> _workerRejected = new(StringComparer.Ordinal);
        private readonly HashSet<string> _placedByViews = new(StringComparer.Ordinal);

        public KandijImport Parse(string viewsPath, string experiencePath, string interestsPath)
        {
            var views = ReadViews(viewsPath);
            var experience = ReadExperience(experiencePath);
            var interests = ReadInterests(interestsPath);

            var usCities = new UsCities(importer._states,
                views.Select(v => (v.City, v.State)).Concat(experience.Select(e => (e.City, e.State))));
            // Registered before anything is validated: validation asks the same directory.
            var cities = usCities.All.Select(importer._cities.Register).ToList();

            var (jobsSeen, jobsMatched) = BuildVacancies(views);
            BuildWorkers(views, experience, interests);
            var interactions = BuildInteractions(views);

            var tallies = Files.Select(f =>
            {
                var rejected = _rejected.Keys.LongCount(k => k.File == f);
                var tally = new FileTally(f, _read[f], _accepted.GetValueOrDefault(f), rejected);
                if (tally.Accepted + tally.Rejected != tally.RowsRead)
                    throw new InvalidOperationException(
                        $"kandij import bookkeeping is off for {f}: {tally.RowsRead} read, {tally.Accepted} accepted, {tally.Rejected} rejected");
                return tally;
            }).ToList();

            var rejectedRows = _rejected
                .OrderBy(r => Array.IndexOf(Files, r.Key.File)).ThenBy(r => r.Key.Line)
                .Select(r => new RejectedRow(r.Key.File, r.Key.Line, r.Value)).ToList();
            var batch = new DatasetBatch
            {
                Cities = cities,
                Enterprises = [.. _enterprises.Values],
                Vacancies = [.. _vacancies.Values],
                Workers = [.. _workers.Values],
                Interactions = interactions,
            };
            var parsed = new ParsedImport(Source, string.Join('+', Files),
                ImportRunner.HashFiles(viewsPath, experiencePath, interestsPath), batch, rejectedRows, tallies.Sum(t => t.RowsRead));
            return new KandijImport(parsed, tallies, jobsSeen, jobsMatched, _placedByViews);
        }

        // ---- reading: rows that cannot be read are rejected here, the rest are typed ----

        private List<ViewRow> ReadViews(string path)
        {
            var rows = new List<ViewRow>();
            foreach (var r in Rows(path, ViewsFile, "Applicant.ID", "Job.ID", "Title", "Position", "Company", "City", "State.Code", "Industry", "View.Start"))
            {
                if (r["Job.ID"] is not { } job) { Reject(ViewsFile, r.Line, "Job.ID missing"); continue; }
                if (!TryTimestamp(r["View.Start"], out var start))
                {
                    Reject(ViewsFile, r.Line, $"View.Start '{Clip(r["View.Start"])}' is not a 'yyyy-MM-dd HH:mm:ss UTC' time");
                    continue;
                }
                rows.Add(new ViewRow(r.Line, r["Applicant.ID"]!, job, Text(r["Title"]), Text(r["Position"]), Text(r["Company"]), Text(r["City"]),
                    r["State.Code"], r["Industry"], start, TryTimestamp(r["Created.At"], out var created) ? created : null));
            }
            return rows;
        }

        private List<ExperienceRow> ReadExperience(string path)
        {
            var rows = new List<ExperienceRow>();
            foreach (var r in Rows(path, ExperienceFile, "Applicant.ID", "Position.Name", "Employer.Name", "City", "State.Code", "Start.Date", "End.Date"))
            {
                var written = TryTimestamp(r["Updated.At"], out var u) ? u : TryTimestamp(r["Created.At"], out var c) ? c : (DateTimeOffset?)null;
                var startProblem = DateProblem(r, "Start.Date", out var start);
                var endProblem = DateProblem(r, "End.Date", out var end);
                var problem = startProblem ?? endProblem;
                if (problem is null && start is { } s)
                {
                    if (end is { } e && e < s) problem = $"End.Date {e:yyyy-MM-dd} is before Start.Date {s:yyyy-MM-dd}";
                    else if (s.Year < 1940) problem = $"Start.Date {s:yyyy-MM-dd} is implausibly early";
                    else if (written is { } w && s > DateOnly.FromDateTime(w.UtcDateTime))
                        problem = $"Start.Date {s:yyyy-MM-dd} is after the record was written ({w:yyyy-MM-dd})";
                }
                if (problem is not null) { Reject(ExperienceFile, r.Line, $"spell dropped: {problem}"); continue; }
                rows.Add(new ExperienceRow(r.Line, r["Applicant.ID"]!, Text(r["Position.Name"]), Text(r["Employer.Name"]), Text(r["City"]), r["State.Code"],
                    start, end, written));
            }
            return rows;
        }

        private List<InterestRow> ReadInterests(string path)
        {
            var rows = new List<InterestRow>();
            foreach (var r in Rows(path, InterestsFile, "Applicant.ID", "Position.Of.Interest"))
            {
                if (Text(r["Position.Of.Interest"]) is not { } position) { Reject(InterestsFile, r.Line, "Position.Of.Interest is empty"); continue; }
                rows.Add(new InterestRow(r.Line, r["Applicant.ID"]!, position, TryTimestamp(r["Created.At"], out var c) ? c : null));
            }
            return rows;
        }

        /// <summary>The well-formed rows of a file that name an applicant; counts every row read.</summary>
        private IEnumerable<CsvRow> Rows(string path, string file, params string[] columns)
        {
            _read[file] = 0;
            foreach (var r in CsvTable.Read(path, NullToken, columns))
            {
                ct.ThrowIfCancellationRequested();
                _read[file]++;
                if (!r.IsWellFormed) Reject(file, r.Line, $"malformed record: {r.FieldCount} fields where the header has {r.HeaderFieldCount}");
                else if (r["Applicant.ID"] is null) Reject(file, r.Line, "Applicant.ID missing");
                else yield return r;
            }
        }

        // ---- vacancies and enterprises: one vacancy per Job.ID, described by its first row ----

        private (int Seen, int Matched) BuildVacancies(List<ViewRow> views)
        {
            int seen = 0, matched = 0;
            // The log has no posting dates. Taking a job's first view as its posting time would make "new" mean
            // "about to be viewed", a label leak for any model using vacancy age; every job is dated at the
            // log's start instead, so age carries no signal on this dataset.
            var logStart = views.Count == 0 ? default : views.Min(v => v.Start);
            foreach (var job in views.GroupBy(v => v.Job, StringComparer.Ordinal))
            {
                seen++;
                var first = job.First();
                var title = first.Position ?? WithoutEmployer(first.Title);
                var match = title is null ? null : Match(WithoutCompanyName(title, first.Company));
                if (match is not null) matched++;
                if (VacancyProblem(job.Key, first, title, match, logStart, job.Select(v => v.Industry).FirstOrDefault(i => i is not null))
                    is { } problem)
                {
                    _vacancyRejectedAt[job.Key] = first.Line;
                    Reject(ViewsFile, first.Line, problem);
                }
            }
            return (seen, matched);
        }

        /// <summary>Builds and stores the vacancy (and its enterprise when new); returns why not when it cannot.</summary>
        private string? VacancyProblem(string job, ViewRow first, string? title, (OnetOccupation Occupation, double Confidence)? match,
            DateTimeOffset postedAt, string? industryLabel)
        {
            if (title is null) return "vacancy has neither Position nor Title";
            if (importer._states.Find(first.State) is null)
                return first.State is null ? "vacancy has no State.Code" : $"vacancy State.Code '{Clip(first.State)}' is not a US state";
            if (UsCities.Code(first.City, first.State, importer._states) is not { } city) return "vacancy has no City";
            if (match is not { } m) return $"title '{Clip(title)}' matches no O*NET occupation";
            if (m.Occupation.Skills.Count == 0)
                return $"title '{Clip(title)}' matches O*NET {m.Occupation.SocCode} {m.Occupation.Title}, which has no skill profile";

            var industry = KandijIndustries.Find(industryLabel) ?? m.Occupation.IndustryCode;
            var slug = first.Company is null ? "" : AsciiText.Slug(first.Company, MaxEnterpriseSlug);
            // A job without an employer name gets an employer of its own: nothing says two such jobs share one.
            var enterpriseId = slug.Length > 0 ? $"kandij-e-{slug}" : $"kandij-e-job-{AsciiText.Slug(job, 40)}";
            var enterprise = _enterprises.GetValueOrDefault(enterpriseId) ?? new Enterprise
            {
                Id = enterpriseId, Name = first.Company ?? $"Unnamed employer of job {job}", CityCode = city, IndustryCode = industry,
                Version = 1, CreatedAt = postedAt, UpdatedAt = postedAt,
            };
            var vacancy = new Vacancy
            {
                Id = $"kandij-v-{job}", EnterpriseId = enterpriseId, Title = title, CityCode = city, IndustryCode = industry,
                OccupationCode = null, Requirements = m.Occupation.TopSkills(RequirementsPerVacancy),
                SalaryMinMonthly = 0, SalaryMaxMonthly = 0, Headcount = 1, Status = VacancyStatus.Open, PostedAt = postedAt,
                Description = $"O*NET match: {m.Occupation.SocCode} {m.Occupation.Title} (confidence {m.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})",
            };
            var errors = importer._validator.Validate(vacancy).Select(e => e.ToString())
                .Concat(importer._validator.Validate(enterprise).Select(e => $"enterprise {e}")).ToList();
            if (errors.Count > 0) return $"vacancy invalid: {string.Join("; ", errors)}";
            _enterprises[enterpriseId] = enterprise;
            _vacancies[job] = vacancy;
            return null;
        }

        // ---- workers: one per Applicant.ID, from experience, interests and, for the city, views ----

        private void BuildWorkers(List<ViewRow> views, List<ExperienceRow> experience, List<InterestRow> interests)
        {
            var viewsBy = views.ToLookup(v => v.Applicant, StringComparer.Ordinal);
            var experienceBy = experience.ToLookup(e => e.Applicant, StringComparer.Ordinal);
            var interestsBy = interests.ToLookup(i => i.Applicant, StringComparer.Ordinal);
            var applicants = views.Select(v => v.Applicant).Concat(experience.Select(e => e.Applicant))
                .Concat(interests.Select(i => i.Applicant)).Distinct(StringComparer.Ordinal);
            foreach (var applicant in applicants)
            {
                ct.ThrowIfCancellationRequested();
                BuildWorker(applicant, viewsBy[applicant].ToList(), experienceBy[applicant].ToList(), interestsBy[applicant].ToList());
            }
        }

        private void BuildWorker(string applicant, List<ViewRow> views, List<ExperienceRow> experience, List<InterestRow> interests)
        {
            var spells = new List<Spell>();
            foreach (var row in experience)
            {
                if (spells.FirstOrDefault(s => IsDuplicate(s.Row, row)) is { } original)
                {
                    Reject(ExperienceFile, row.Line, $"duplicate of line {original.Row.Line} (same position and employer, overlapping dates)");
                    continue;
                }
                var occupation = row.Position is null ? null : Match(row.Position)?.Occupation;
                if (occupation is null && row.Start is null)
                {
                    Reject(ExperienceFile, row.Line, row.Position is null
                        ? "nothing to import: no Position.Name and no Start.Date"
                        : $"nothing to import: position '{Clip(row.Position)}' matches no O*NET occupation and Start.Date is missing");
                    continue;
                }
                var end = row.Start is null ? (DateOnly?)null
                    : row.End ?? DateOnly.FromDateTime((row.Written ?? importer._clock.GetUtcNow()).UtcDateTime);
                spells.Add(new Spell(row, occupation, UsCities.Code(row.City, row.State, importer._states), end));
            }
            var kept = new List<(OnetOccupation Occupation, int Adjust, InterestRow Row)>();
            foreach (var row in interests)
            {
                if (Match(row.Position) is not { } m)
                {
                    Reject(InterestsFile, row.Line, $"position of interest '{Clip(row.Position)}' matches no O*NET occupation");
                    continue;
                }
                kept.Add((m.Occupation, InterestLevelAdjust, row));
            }
            var viewedCity = views.Where(v => _vacancies.ContainsKey(v.Job)).OrderBy(v => v.Start)
                .Select(v => _vacancies[v.Job].CityCode).FirstOrDefault();
            if (spells.Count == 0 && kept.Count == 0 && viewedCity is null) return; // every row already rejected on its own

            var rows = spells.Select(s => (File: ExperienceFile, s.Row.Line)).Concat(kept.Select(k => (File: InterestsFile, k.Row.Line))).ToList();
            // The most recent spell with a known city (dated before undated; the file lists recent first), else the first viewed job's.
            var experienceCity = spells.Where(s => s.CityCode is not null)
                .OrderByDescending(s => s.Row.Start.HasValue).ThenByDescending(s => s.Row.Start)
                .Select(s => s.CityCode).FirstOrDefault();
            var city = experienceCity ?? viewedCity;
            if (experienceCity is null && city is not null) _placedByViews.Add($"kandij-w-{applicant}");
            if (city is null)
            {
                RejectWorker(applicant, rows, "no known city: no Experience row with a US city and state, and no imported viewed job");
                return;
            }

            var levels = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (occupation, adjust) in spells.Where(s => s.Occupation is not null).Select(s => (s.Occupation!, LevelAdjust(s.Years)))
                         .Concat(kept.Select(k => (k.Occupation, k.Adjust))))
                foreach (var r in occupation.Skills)
                    levels[r.SkillCode] = Math.Max(levels.GetValueOrDefault(r.SkillCode), Math.Clamp(r.Level + adjust, SkillLevel.Min, SkillLevel.Max));

            var created = views.Select(v => v.Created).Concat(experience.Select(e => e.Written)).Concat(interests.Select(i => i.Created))
                .Where(t => t is not null).Min() ?? importer._clock.GetUtcNow();
            var worker = new Worker
            {
                Id = $"kandij-w-{applicant}", DisplayName = $"Applicant {applicant}", CityCode = city,
                Education = Education.Unspecified, ExperienceYears = ExperienceYears(spells), ActivelySeeking = true,
                Skills = levels.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .Take(ProfileValidator.MaxSkills).Select(kv => new SkillLevel(kv.Key, kv.Value)).ToList(),
                History = Sequential(spells.Where(s => s.Row.Start is not null && s.CityCode is not null).OrderBy(s => s.Row.Start)
                    .Select(s => new WorkHistoryEntry(s.CityCode!, null, ClipName(s.Row.Employer), null, s.Row.Start!.Value, s.Row.End))),
                Version = 1, CreatedAt = created, UpdatedAt = created,
            };
            var errors = importer._validator.Validate(worker);
            if (errors.Count > 0)
            {
                RejectWorker(applicant, rows, $"invalid: {string.Join("; ", errors)}");
                return;
            }
            _workers[applicant] = worker;
            foreach (var (file, _) in rows) Accept(file);
        }

        /// <summary>
        /// The same spell entered twice: same position and employer over overlapping dates (or both undated
        /// and otherwise identical), or the same dates, city and employer (which validation forbids).
        /// </summary>
        private bool IsDuplicate(ExperienceRow a, ExperienceRow b)
        {
            var sameEmployer = string.Equals(a.Employer, b.Employer, StringComparison.OrdinalIgnoreCase);
            var samePosition = string.Equals(a.Position, b.Position, StringComparison.OrdinalIgnoreCase);
            var sameCity = UsCities.Code(a.City, a.State, importer._states) == UsCities.Code(b.City, b.State, importer._states);
            if (a.Start is not { } sa || b.Start is not { } sb)
                return a.Start is null && b.Start is null && sameEmployer && samePosition && sameCity;
            if (sa == sb && a.End == b.End && sameEmployer && sameCity) return true;
            var overlap = sa <= (b.End ?? DateOnly.MaxValue) && sb <= (a.End ?? DateOnly.MaxValue);
            return sameEmployer && samePosition && overlap;
        }

        private void RejectWorker(string applicant, List<(string File, long Line)> rows, string reason)
        {
            var full = $"applicant {applicant} rejected: {reason}";
            _workerRejected[applicant] = full;
            foreach (var (file, line) in rows) Reject(file, line, full);
        }

        // ---- interactions: every readable view of an imported worker and vacancy ----

        private List<Interaction> BuildInteractions(List<ViewRow> views)
        {
            var interactions = new List<Interaction>();
            var firstLine = new Dictionary<(string, string, DateTimeOffset), long>();
            foreach (var v in views)
            {
                if (_vacancyRejectedAt.TryGetValue(v.Job, out var at))
                {
                    if (v.Line != at) Reject(ViewsFile, v.Line, $"vacancy rejected at line {at}");
                    continue;
                }
                if (!_workers.TryGetValue(v.Applicant, out var worker))
                {
                    Reject(ViewsFile, v.Line, _workerRejected.GetValueOrDefault(v.Applicant) ?? $"applicant {v.Applicant} was not imported");
                    continue;
                }
                // The store keys events by (worker, vacancy, type, time): a second identical row would vanish there.
                if (firstLine.TryGetValue((v.Applicant, v.Job, v.Start), out var original))
                {
                    Reject(ViewsFile, v.Line, $"duplicate of line {original} (same applicant, job and View.Start)");
                    continue;
                }
                var interaction = new Interaction(0, worker.Id, _vacancies[v.Job].Id, InteractionType.View, v.Start);
                var errors = importer._validator.Validate(interaction);
                if (errors.Count > 0) { Reject(ViewsFile, v.Line, $"view invalid: {string.Join("; ", errors)}"); continue; }
                firstLine[(v.Applicant, v.Job, v.Start)] = v.Line;
                interactions.Add(interaction);
                Accept(ViewsFile);
            }
            return interactions;
        }

        // ---- shared pieces ----

        private (OnetOccupation Occupation, double Confidence)? Match(string title)
        {
            if (!_matches.TryGetValue(title, out var m)) _matches[title] = m = importer._onet.MatchTitle(title);
            return m;
        }

        private void Reject(string file, long line, string reason)
        {
            if (!_rejected.TryAdd((file, line), reason))
                throw new InvalidOperationException($"{file}:{line} rejected twice ('{_rejected[(file, line)]}', then '{reason}')");
        }

        private void Accept(string file) => _accepted[file] = _accepted.GetValueOrDefault(file) + 1;
    }

    /// <summary>
    /// Whole years are counted from days with 365 a year, so a spell from 1 March to 1 March two years
    /// later is 2 years whether or not it holds a 29 February (the error is a day per four years).
    /// </summary>
    private const double DaysPerYear = 365.0;

    /// <summary>An interest in a position is not practice in it: one level below the occupation's.</summary>
    private const int InterestLevelAdjust = -1;

    /// <summary>
    /// Skill level from time in a position: the occupation's level one below it for under a year (or an
    /// undated spell), at it for 1 to 5 years, one above it from 5 years.
    /// </summary>
    private static int LevelAdjust(double? years) => years switch
    {
        null or < 1 => -1,
        < 5 => 0,
        _ => 1,
    };

    /// <summary>Whole years covered by the dated spells, concurrent jobs counted once, capped at the schema's 60.</summary>
    private static int ExperienceYears(IEnumerable<Spell> spells)
    {
        var days = 0;
        var coveredUntil = int.MinValue;
        foreach (var (start, end) in spells.Where(s => s.Row.Start is not null)
                     .Select(s => (s.Row.Start!.Value.DayNumber, s.End!.Value.DayNumber)).OrderBy(x => x.Item1))
        {
            var from = Math.Max(start, coveredUntil);
            if (end > from) days += end - from;
            coveredUntil = Math.Max(coveredUntil, end);
        }
        return Math.Clamp((int)(days / DaysPerYear), 0, 60);
    }

    private static bool TryTimestamp(string? text, out DateTimeOffset value)
    {
        var ok = DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc);
        value = ok ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return ok;
    }

    private static string? DateProblem(CsvRow r, string column, out DateOnly? date)
    {
        date = null;
        if (r[column] is not { } text) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return $"{column} '{Clip(text)}' is not a yyyy-MM-dd date";
        date = d;
        return null;
    }

    /// <summary>"Cashier @ Macy's" -> "Cashier": the Title column is "Position @ Company".</summary>
    private static string? WithoutEmployer(string? title)
    {
        if (title is null) return null;
        var at = title.IndexOf(" @ ", StringComparison.Ordinal);
        var head = (at >= 0 ? title[..at] : title).Trim();
        return head.Length == 0 ? null : head;
    }

    /// <summary>"Macy's Seasonal Retail Cashier" at Macy's -> "Seasonal Retail Cashier": a brand says nothing about the job.</summary>
    private static string WithoutCompanyName(string title, string? company)
    {
        var i = company is null ? -1 : title.IndexOf(company, StringComparison.OrdinalIgnoreCase);
        if (i < 0) return title;
        var rest = title.Remove(i, company!.Length);
        return TitleNormalizer.Tokens(rest).Count > 0 ? rest : title;
    }

    /// <summary>
    /// Names and titles as display text: any run of whitespace or control characters (tabs, line breaks
    /// inside quoted fields) becomes one space. Validation refuses control characters in names, and
    /// they are layout here, not content.
    /// </summary>
    private static string? Text(string? s) => s is null ? null : SpaceOrControl().Replace(s, " ").Trim() is { Length: > 0 } t ? t : null;

    [GeneratedRegex(@"[\s\p{Cc}]+")]
    private static partial Regex SpaceOrControl();

    /// <summary>
    /// Résumés list overlapping jobs (a side job, a new job before the old one formally ended, an open end left
    /// unfilled); the platform's history is a sequence of spells, one at a time (ProfileValidator). Read in start order,
    /// each spell is taken to end when the next one starts: every city a person worked in, and every move, is kept.
    /// </summary>
    private static List<WorkHistoryEntry> Sequential(IEnumerable<WorkHistoryEntry> byStart)
    {
        var sequence = new List<WorkHistoryEntry>();
        foreach (var spell in byStart)
        {
            if (sequence.Count > 0 && sequence[^1] is var previous && (previous.End is null || previous.End > spell.Start))
                sequence[^1] = previous with { End = spell.Start };
            sequence.Add(spell);
        }
        return sequence;
    }

    private static string? ClipName(string? name) =>
        name is { Length: > ProfileValidator.MaxNameLength } ? name[..ProfileValidator.MaxNameLength] : name;

    private static string Clip(string? s) => s is null ? "" : Echo.Clip(s);
}
