using System.Runtime.CompilerServices;
using Bunit;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>
/// bUnit's WaitFor operations give up after one second unless told otherwise; on the 2-core CI machine under a full test
/// run a page that loads from the embedded sandbox can take longer. Every wait is for a condition and returns as soon as
/// it holds, so a generous limit only changes how long a real failure takes to report.
/// </summary>
internal static class BunitDefaults
{
    [ModuleInitializer]
    internal static void Initialize() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
