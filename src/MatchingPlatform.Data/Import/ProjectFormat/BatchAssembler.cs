using System.Globalization;
using MatchingPlatform.Core.Validation;
using MatchingPlatform.Data.Reference;
using MatchingPlatform.Data.Repositories;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// The checks that need more than one row: every record through <see cref="ProfileValidator"/>, duplicate
/// ids (the first occurrence keeps the id, later ones are refused), and references to enterprises, workers
/// and vacancies that must be either accepted in this import or already stored.
/// Kinds are judged in dependency order, so a vacancy can only point at an enterprise that was accepted.
/// </summary>
internal static class BatchAssembler
{
    public static (DatasetBatch Batch, IReadOnlyList<RejectedRow> Rejected) Assemble(
        ProjectRecords records, ReferenceData reference, IKnownIds known)
    {
        var validator = new ProfileValidator(reference.Taxonomy, reference.Cities);
        var rejected = new List<RejectedRow>(records.FileErrors);

        var enterprises = Accept(records.Enterprises, "id", e => e.Id, validator.Validate, _ => [], rejected);
        var enterpriseIds = enterprises.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var vacancies = Accept(records.Vacancies, "id", v => v.Id, validator.Validate,
            v => Reference("enterprise_id", "enterprise", v.EnterpriseId, enterpriseIds, known.HasEnterprise), rejected);
        var workers = Accept(records.Workers, "id", w => w.Id, validator.Validate, _ => [], rejected);
        var programmes = Accept(records.Programmes, "id", p => p.Id, validator.Validate, _ => [], rejected);

        var workerIds = workers.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var vacancyIds = vacancies.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        // Events carry no id of their own: the same (worker, vacancy, type, time) twice is the duplicate.
        var interactions = Accept(records.Interactions, "",
            i => string.Join('|', i.WorkerId, i.VacancyId, i.Type, i.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)),
            validator.Validate,
            i => Reference("worker_id", "worker", i.WorkerId, workerIds, known.HasWorker)
                .Concat(Reference("vacancy_id", "vacancy", i.VacancyId, vacancyIds, known.HasVacancy)),
            rejected);

        var batch = new DatasetBatch
        {
            Enterprises = enterprises, Vacancies = vacancies, Workers = workers,
            Programmes = programmes, Interactions = interactions,
        };
        var ordered = rejected.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line).ToList();
        return (batch, ordered);
    }

    private static List<T> Accept<T>(List<SourceRecord<T>> records, string keyField, Func<T, string> key,
        Func<T, IReadOnlyList<ValidationError>> validate, Func<T, IEnumerable<ValidationError>> references,
        List<RejectedRow> rejected) where T : class
    {
        var accepted = new List<T>();
        var firstByKey = new Dictionary<string, SourceRecord<T>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Entity is not { } entity)
            {
                rejected.Add(record.Reject(record.Errors));
                continue;
            }
            var k = key(entity);
            if (k.Length > 0 && !firstByKey.TryAdd(k, record))
            {
                var first = firstByKey[k];
                var where = first.File == record.File ? $"line {first.Line}" : $"{first.File}:{first.Line}";
                rejected.Add(record.Reject([new ValidationError(keyField, $"duplicate of {where}")]));
                continue;
            }
            var errors = validate(entity).Concat(references(entity)).ToList();
            if (errors.Count > 0) rejected.Add(record.Reject(errors));
            else accepted.Add(entity);
        }
        return accepted;
    }

    private static IEnumerable<ValidationError> Reference(string field, string kind, string id,
        HashSet<string> inBatch, Func<string, bool> stored)
    {
        // A malformed id is already reported by the validator; saying it is also unknown adds nothing.
        if (!ProfileValidator.IsValidId(id) || inBatch.Contains(id) || stored(id)) return [];
        return [new ValidationError(field, $"unknown {kind} '{Echo.Clip(id)}': neither accepted in this import nor stored")];
    }
}
