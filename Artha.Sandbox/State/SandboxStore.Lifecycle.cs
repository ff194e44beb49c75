namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    /// <summary>
    /// Completes every piece of scheduled work whose due time is not after the current (injected) time, in due order.
    /// Called before each API request and by the background timer, so results do not depend on timer luck.
    /// </summary>
    public int ProcessDue()
    {
        var completed = 0;
        lock (_gate)
        {
            var now = Now;
            while (_schedule.TryPeek(out var work, out var due) && due.Due <= now)
            {
                _schedule.Dequeue();
                switch (work.Kind)
                {
                    case ScheduledWorkKind.KycReview: CompleteKycReview(work); break;
                    case ScheduledWorkKind.CardIssuance: CompleteCardIssuance(work); break;
                    case ScheduledWorkKind.TopUp: CompleteTopUp(work); break;
                    case ScheduledWorkKind.PurchaseSettlement: CompleteSettlement(work); break;
                }
                completed++;
            }
        }
        return completed;
    }
}
