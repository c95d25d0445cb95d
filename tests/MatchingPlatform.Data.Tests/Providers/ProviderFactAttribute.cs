using MatchingPlatform.Data.Providers;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MatchingPlatform.Data.Tests;

/// <summary>The database provider a test class runs against; read by <see cref="ProviderFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TestedOnAttribute(DatabaseProvider provider) : Attribute
{
    public DatabaseProvider Provider { get; } = provider;
}

/// <summary>
/// A fact that is skipped, with the reason, when its class's provider (<see cref="TestedOnAttribute"/>) has no
/// database configured. Unlike <see cref="RealDataFactAttribute"/> the decision cannot be made in the attribute:
/// the contract tests are declared once in an abstract class and inherited by one class per provider, so only
/// the discoverer, which sees the concrete class, knows which provider a test case is for.
/// </summary>
[XunitTestCaseDiscoverer("MatchingPlatform.Data.Tests.ProviderFactDiscoverer", "MatchingPlatform.Data.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

public sealed class ProviderFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new ProviderTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class ProviderTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ProviderTestCase() { }

    public ProviderTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnostics, display, displayOptions, testMethod) { }

    protected override string? GetSkipReason(IAttributeInfo factAttribute)
    {
        if (base.GetSkipReason(factAttribute) is { } declared) return declared;
        var testedOn = TestMethod.TestClass.Class.GetCustomAttributes(typeof(TestedOnAttribute)).SingleOrDefault();
        return testedOn is null ? null : TestEnvironment.SkipReason(testedOn.GetConstructorArguments().OfType<DatabaseProvider>().Single());
    }
}
