namespace Artha.Admin.Features.Cards.Rules;

/// <summary>Everything staff can do to a card; <see cref="CardStateMachine"/> says which of them a card's status allows.</summary>
public enum CardOperation
{
    Activate,
    Freeze,
    Unfreeze,
    Cancel,
    Replace,
    SetPin,
    ChangeLimits,
    Reveal,
    TopUp,
}
