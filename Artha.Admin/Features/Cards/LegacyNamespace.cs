// The card pages used to live in Components/Pages/Cards. Components/Pages/Customers/CustomerDetailPage.razor (another
// slice, not moved yet) still imports that namespace for CardsGrid, which now lives in Artha.Admin.Features.Cards
// (imported for it through Components/Pages/_Imports.razor). Delete this file once no file imports the old namespace.
namespace Artha.Admin.Components.Pages.Cards
{
}
