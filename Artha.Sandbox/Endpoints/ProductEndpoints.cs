using Artha.Sandbox.State;
using static Artha.Sandbox.Endpoints.EndpointHelpers;

namespace Artha.Sandbox.Endpoints;

/// <summary>§12 products and §7.3 document upload.</summary>
public static class ProductEndpoints
{
    private const long MaxFileBytes = 10 * 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/Products", (HttpContext http, SandboxStore store) =>
        {
            var q = new QueryReader(http);
            var paging = q.Paging();
            var type = q.String("type");
            var currency = q.String("currency");
            var customerType = q.String("customerType");
            q.ThrowIfInvalid();
            return Json(store.ListProducts(paging, type, currency, customerType));
        });

        api.MapGet("/Products/{productId}", (string productId, SandboxStore store) => Json(store.GetProduct(productId)));

        // Multipart upload: every file part is stored in memory and gets a URL to pass in KYC file fields.
        api.MapPost("/uploadfile", async (HttpContext http, SandboxStore store) =>
        {
            if (!http.Request.HasFormContentType)
                throw Http.ApiException.Validation("file", "Send the files as multipart/form-data.");
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form.Files.Count == 0)
                throw Http.ApiException.Validation("file", "At least one file is required.");
            var urlBase = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
            var uploaded = new List<UploadedFileResponse>();
            foreach (var file in form.Files)
            {
                if (file.Length > MaxFileBytes)
                    throw Http.ApiException.Validation(file.Name, "Files may be at most 10 MB.");
                using var content = new MemoryStream();
                await file.CopyToAsync(content, http.RequestAborted);
                var name = string.IsNullOrWhiteSpace(file.FileName) ? file.Name : Path.GetFileName(file.FileName);
                uploaded.Add(store.AddFile(name, file.ContentType, content.ToArray(), urlBase));
            }
            return Json(new UploadResponse(uploaded));
        }).DisableAntiforgery();
    }
}
