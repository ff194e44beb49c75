using Artha.Sandbox.State;
using static Artha.Sandbox.Endpoints.EndpointHelpers;

namespace Artha.Sandbox.Endpoints;

/// <summary>§6 customers and §7 KYC/KYB applications.</summary>
public static class CustomerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/Customers", (HttpContext http, SandboxStore store) => Json(store.CreateCustomer(Body(http)), StatusCodes.Status201Created));

        api.MapGet("/Customers", (HttpContext http, SandboxStore store) =>
        {
            var q = new QueryReader(http);
            var filter = new CustomerFilter(q.String("search", "q"), q.String("type"), q.String("kycStatus", "kycState"), q.String("status"),
                q.Date("createdFrom", false, "from"), q.Date("createdTo", true, "to"));
            var paging = q.Paging();
            q.ThrowIfInvalid();
            return Json(store.ListCustomers(filter, paging));
        });

        api.MapGet("/Customers/{id}", (string id, SandboxStore store) => Json(store.GetCustomer(id)));

        api.MapPatch("/Customers/{id}", (string id, HttpContext http, SandboxStore store) => Json(store.UpdateCustomer(id, Body(http))));

        api.MapGet("/customers/{customerId}/transactions", (string customerId, HttpContext http, SandboxStore store) =>
            TransactionEndpoints.List(http, store, cardId: null, customerId: customerId));

        api.MapPost("/customers/{customerId}/products/{productId}/applicant",
            (string customerId, string productId, HttpContext http, SandboxStore store) =>
                Json(store.SubmitApplicant(customerId, productId, Body(http))));

        api.MapGet("/customers/{customerId}/products/{productId}/applicantstatus",
            (string customerId, string productId, SandboxStore store) => Json(store.GetApplicantStatus(customerId, productId)));
    }
}
