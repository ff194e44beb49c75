using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client.Models;

namespace Artha.Admin.Services;

public sealed partial class ArthaService
{
    /// <summary>The requirement codes of a product (§7.1 step 1).</summary>
    public Task<IReadOnlyList<string>> GetKycRequirementCodesAsync(string productId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<string>>(Permission.ViewProgramme, "kyc.requirements", new AuditTarget("product", productId),
            async ct => (await artha.Products.GetAsync(productId, ct)).KycRequirements ?? [], cancellationToken);

    /// <summary>
    /// The form for one customer and product: exactly the fields the product's codes require, filled with the
    /// values last submitted (after a rejection, from any session) or else what the customer's profile can answer.
    /// </summary>
    public async Task<KycFormModel> GetKycFormAsync(string customerId, string productId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.Onboard, "kyc.form", new AuditTarget("customer", customerId));
        var customer = await GetCustomerAsync(customerId, cancellationToken);
        var product = await GetProductAsync(productId, cancellationToken);
        await RefuseWrongAudienceAsync(customer, product, cancellationToken);
        var fields = KycRequirementFields.For(product.KycRequirements, customer.IsBusiness);
        var last = await kycMemory.RecallAsync(customer.Id, product.Id, cancellationToken);
        var fromLast = last is not null;
        var values = last is not null
            ? fields.ToDictionary(f => f.Key, f => last.TryGetValue(f.Key, out var v) ? v : null)
            : KycRequirementFields.PrefillFrom(customer, fields);
        return new KycFormModel(customer, product, fields, KycRequirementFields.UnknownCodes(product.KycRequirements), values, fromLast);
    }

    /// <summary>
    /// Uploads one KYC document (§7.3) and returns its stored URL. Refused before Artha unless it is a JPEG, PNG or PDF of
    /// at most 10 MB by its content (<see cref="KycDocumentRules"/>); the detected type is what Artha is told. The audit
    /// names the customer and field, never the contents.
    /// </summary>
    public async Task<UploadedDocument> UploadKycDocumentAsync(string customerId, string fieldLabel, string fileName, Stream content,
        CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.Onboard, "kyc.upload", new AuditTarget("customer", customerId));
        if (fileName.Length > ArthaInputLimits.FileName)
        {
            throw ArthaInputLimits.TooLong("fileName", "file name", ArthaInputLimits.FileName, fileName.Length, "Rename the file and upload it again.");
        }
        // Read at most one byte more than allowed: enough to refuse an oversized file without holding all of it.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > KycDocumentRules.MaxBytes)
            {
                break;
            }
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var (contentType, problem) = KycDocumentRules.SizeProblem(buffer.Length) is { } sizeProblem
            ? (null, sizeProblem)
            : KycDocumentRules.Check(fileName, bytes.Span[..Math.Min(bytes.Length, KycDocumentRules.HeaderLength)]);
        if (problem is not null)
        {
            throw new ArthaOperationException(problem, ArthaFailureKind.Validation);
        }
        buffer.Position = 0;
        var files = await ChangeAsync(Permission.Onboard, "kyc.upload", new AuditTarget("customer", customerId),
            $"{fieldLabel} for customer {customerId} ({contentType})",
            ct => artha.Uploads.UploadAsync([new UploadFile(fileName, buffer, contentType!)], ct), _ => null, cancellationToken);
        var stored = files.FirstOrDefault(f => !string.IsNullOrEmpty(f.FileUrl))
            ?? throw new ArthaOperationException("Artha accepted the upload but returned no file link. Upload the file again.", ArthaFailureKind.ServerError);
        return new UploadedDocument(stored.FileName ?? fileName, stored.FileUrl);
    }

    /// <summary>The products an application can be made for, with which customers each is for (for the applicants page).</summary>
    public async Task<IReadOnlyList<KycProductOption>> GetKycProductsAsync(CancellationToken cancellationToken = default)
    {
        var products = await AllProductsAsync(cancellationToken);
        var audiences = await ProductAudiencesAsync(cancellationToken);
        return products.Select(p => new KycProductOption(p, audiences.TryGetValue(p.Id, out var type) ? type : null)).ToList();
    }

    /// <summary>Which customers each product is for (product id → <c>individual</c>/<c>business</c>, or null when Artha does not say).</summary>
    private Task<IReadOnlyDictionary<string, string?>> ProductAudiencesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, string?>>(Permission.ViewProgramme, "product.list", null, async ct =>
        {
            var audiences = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var offset = 0; offset < 1000; offset += 100)
            {
                var page = await artha.Products.ListAsync(new PageQuery { Offset = offset, Limit = 100 }, ct);
                foreach (var product in page.Items)
                {
                    audiences[product.ProductId ?? product.Id ?? ""] = string.IsNullOrWhiteSpace(product.CustomerType) ? null : product.CustomerType.Trim().ToLowerInvariant();
                }
                if (page.Items.Count < 100)
                {
                    break;
                }
            }
            return audiences;
        }, cancellationToken);

    /// <summary>Refuses (before Artha) an application to a product that is not for this kind of customer (<see cref="ProductAudience"/>).</summary>
    private async Task RefuseWrongAudienceAsync(CustomerView customer, ProductView product, CancellationToken cancellationToken)
    {
        var audiences = await ProductAudiencesAsync(cancellationToken);
        if (ProductAudience.Refusal(product.Name, audiences.TryGetValue(product.Id, out var type) ? type : null, customer.IsBusiness) is { } refusal)
        {
            throw new ArthaOperationException(refusal, ArthaFailureKind.Validation);
        }
    }

    /// <summary>The KYC form's labels by field key, so Artha's messages never show a wire field name.</summary>
    private static IReadOnlyDictionary<string, string> KycLabels(IReadOnlyList<KycField> fields) =>
        fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Submits the KYC (individual) or KYB (business) application for a product with exactly the fields the
    /// product's requirement codes ask for; checks them in the portal first. Starts a persisted watch and tells
    /// open pages. Artha's field errors come back keyed by the form's field names.
    /// </summary>
    public async Task<KycStatusView> SubmitKycAsync(string customerId, string productId, IReadOnlyDictionary<string, string?> values,
        CancellationToken cancellationToken = default)
    {
        var target = new AuditTarget("customer", customerId);
        await RequireAsync(Permission.Onboard, "kyc.submit", target);
        var customer = await GetCustomerAsync(customerId, cancellationToken);
        var product = await GetProductAsync(productId, cancellationToken);
        await RefuseWrongAudienceAsync(customer, product, cancellationToken);
        var fields = KycRequirementFields.For(product.KycRequirements, customer.IsBusiness);
        var errors = KycRequirementFields.Validate(fields, values);
        if (!errors.IsEmpty)
        {
            throw new ArthaOperationException("Some required details are missing or invalid. Correct the highlighted fields and submit again.",
                ArthaFailureKind.Validation, fieldErrors: errors.ToDictionary());
        }

        var request = customer.IsBusiness
            ? new SubmitApplicantRequest { KybDetails = KycRequirementFields.BuildKybDetails(customer.Id, fields, values) }
            : new SubmitApplicantRequest { KycDetails = KycRequirementFields.BuildKycDetails(customer.Id, fields, values) };
        var kind = customer.IsBusiness ? "KYB" : "KYC";
        var detail = $"{kind} for {customer.DisplayName} ({customer.Id}) on product {product.Name} ({product.Id}); fields sent: "
            + string.Join(", ", KycRequirementFields.SentFieldNames(fields, values));
        ApplicantStatusResult? result;
        try
        {
            result = await ChangeAsync(Permission.Onboard, "kyc.submit", target, detail,
                ct => artha.Applicants.SubmitAsync(customer.Id, product.Id, request, ct), r => r?.RequestId, cancellationToken);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Validation)
        {
            var labels = KycLabels(fields);
            throw new ArthaOperationException(FieldWording.Humanize(ex.Message, labels), ex.Kind, ex.RequestId,
                FormErrors.From(ex.FieldErrors, KycRequirementFields.FieldKeyOf).ToDictionary()
                    .ToDictionary(e => e.Key, e => e.Value.Select(m => FieldWording.Humanize(m, labels)).ToArray()),
                ex.StatusCode, ex.ErrorCode, ex);
        }
        catch (ArthaOperationException ex) when (ex.Kind == ArthaFailureKind.Conflict)
        {
            throw new ArthaOperationException($"{kind} for this customer and product is already approved; there is nothing to resubmit.",
                ex.Kind, ex.RequestId, ex.FieldErrors, ex.StatusCode, ex.ErrorCode, ex);
        }

        var user = await currentStaff.GetAsync();
        await kycMemory.RememberAsync(customer.Id, product.Id, fields.ToDictionary(f => f.Key, f => values.TryGetValue(f.Key, out var v) ? v : null),
            user.Identity?.Name ?? "");
        var status = result is { } r && !string.IsNullOrEmpty(r.ApplicantStatus.Value) ? r.ApplicantStatus.Value : "Pending";
        var description = $"{kind} of {customer.DisplayName} for {product.Name}";
        await WatchAsync(WatchKind.Kyc, customer.Id, description, status, productId: product.Id, customerId: customer.Id);
        await PublishAsync(StatusSubject.Kyc, customer.Id, status, $"{description} submitted", customerId: customer.Id, productId: product.Id);
        var now = clock.GetUtcNow();
        return new KycStatusView(customer.Id, product.Id, product.Name, product.KycRequirements, status,
            result?.Remarks, result?.SubmittedAt ?? now, result?.UpdatedAt ?? now);
    }

    /// <summary>The application status of a customer for one product (§7.5).</summary>
    public async Task<KycStatusView> GetApplicantStatusAsync(string customerId, string productId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId));
        var product = await GetProductAsync(productId, cancellationToken);
        var submitted = await SubmittedProductsAsync(customerId, cancellationToken);
        return await StatusForAsync(customerId, product, submitted, cancellationToken);
    }

    /// <summary>The application status of a customer for every product, one row per product.</summary>
    public async Task<IReadOnlyList<KycStatusView>> GetCustomerKycAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await RequireAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId));
        var customer = await GetCustomerAsync(customerId, cancellationToken);
        var products = await AllProductsAsync(cancellationToken);
        var audiences = await ProductAudiencesAsync(cancellationToken);
        var submitted = await SubmittedProductsAsync(customerId, cancellationToken);
        var rows = new List<KycStatusView>(products.Count);
        foreach (var product in products)
        {
            var row = await StatusForAsync(customerId, product, submitted, cancellationToken);
            rows.Add(row with { NotOfferedReason = ProductAudience.Refusal(product.Name, audiences.TryGetValue(product.Id, out var type) ? type : null, customer.IsBusiness) });
        }
        return rows;
    }

    private Task<KycStatusView> StatusForAsync(string customerId, ProductView product, IReadOnlyDictionary<string, DateTime> submittedByPortal, CancellationToken cancellationToken) =>
        ReadAsync(Permission.ViewProgramme, "kyc.status", new AuditTarget("customer", customerId), async ct =>
        {
            var result = await artha.Applicants.GetStatusAsync(customerId, product.Id, ct);
            var status = string.IsNullOrEmpty(result.ApplicantStatus.Value) ? "UnderReview" : result.ApplicantStatus.Value;
            DateTimeOffset? portalSubmitted = submittedByPortal.TryGetValue(product.Id, out var at) ? new DateTimeOffset(at, TimeSpan.Zero) : null;
            var submittedAt = result.SubmittedAt ?? portalSubmitted;
            // §7.5: Artha answers UnderReview also when nothing was ever submitted; say so when neither Artha nor the portal knows of a submission.
            if (submittedAt is null && result.ApplicantStatus == KycStatus.UnderReview)
            {
                status = KycStatus.NotSubmitted.Value;
            }
            return new KycStatusView(customerId, product.Id, product.Name, product.KycRequirements, status, result.Remarks, submittedAt, result.UpdatedAt);
        }, cancellationToken);

    /// <summary>Products this portal has submitted KYC for (from its watches), with the time of the watch.</summary>
    private async Task<IReadOnlyDictionary<string, DateTime>> SubmittedProductsAsync(string customerId, CancellationToken cancellationToken)
    {
        var list = await watches.ForAsync(customerId, cancellationToken);
        return list.Where(w => w.Kind == WatchKind.Kyc && w.ProductId is not null)
            .GroupBy(w => w.ProductId!)
            .ToDictionary(g => g.Key, g => g.Max(w => w.CreatedAtUtc));
    }
}
