using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Components.UI;

/// <summary>The answer of a confirmation: whether the user confirmed, and the reason they gave when one was asked.</summary>
public sealed record ConfirmResult(bool Confirmed, string? Reason)
{
    public static ConfirmResult No { get; } = new(false, null);
}

/// <summary>What a confirmation asks: its wording, and whether a reason or a typed phrase is required.</summary>
public sealed record ConfirmRequest(string Title, string Message)
{
    public string ConfirmText { get; init; } = "Confirm";
    public bool Destructive { get; init; }
    /// <summary>Label of a required reason field (null: no reason asked).</summary>
    public string? ReasonLabel { get; init; }
    /// <summary>A phrase the user must type (null: none), for what cannot be undone.</summary>
    public string? TypedPhrase { get; init; }
    public RenderFragment? Details { get; init; }
}

/// <summary>
/// The one way pages confirm: every state change and every destructive action asks here, in a MudBlazor dialog
/// (<see cref="ConfirmDialog"/>). Esc and Cancel answer no; a closed circuit answers no.
/// </summary>
public sealed class PortalDialogs(IDialogService dialogs)
{
    private static readonly DialogOptions Options = new()
    {
        CloseOnEscapeKey = true,
        BackdropClick = false,
        MaxWidth = MaxWidth.Small,
        FullWidth = true,
        CloseButton = true,
    };

    public Task<ConfirmResult> ConfirmAsync(ConfirmRequest request) => ConfirmAsync(request, CancellationToken.None);

    /// <summary>
    /// As <see cref="ConfirmAsync(ConfirmRequest)"/>, and the dialog closes (answering no) when <paramref name="closeWhen"/>
    /// is cancelled: e.g. a page closes "Freeze card?" when a live change shows the card was frozen meanwhile.
    /// </summary>
    public async Task<ConfirmResult> ConfirmAsync(ConfirmRequest request, CancellationToken closeWhen)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, request.Title },
            { d => d.Message, request.Message },
            { d => d.ConfirmText, request.ConfirmText },
            { d => d.ConfirmColor, request.Destructive ? Color.Error : Color.Primary },
            { d => d.ReasonLabel, request.ReasonLabel },
            { d => d.TypedPhrase, request.TypedPhrase },
            { d => d.Details, request.Details },
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(request.Title, parameters, Options);
        await using var closing = closeWhen.Register(() => reference.Close());
        var result = await reference.Result;
        return result is { Canceled: false, Data: ConfirmResult answer } ? answer : ConfirmResult.No;
    }

    /// <summary>A yes/no question without a reason.</summary>
    public async Task<bool> ConfirmAsync(string title, string message, string confirmText = "Confirm", bool destructive = false) =>
        (await ConfirmAsync(new ConfirmRequest(title, message) { ConfirmText = confirmText, Destructive = destructive })).Confirmed;
}
