using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Artha.Client.Models;
using Artha.Client.Tests.Infrastructure;

namespace Artha.Client.Tests;

public class ApplicantsAndUploadsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Submit_posts_kycDetails_with_extra_fields_and_reads_bare_acknowledgement()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"customerId":"c1","productId":"p1","applicantStatus":"Pending"}""");

        var result = await host.Client.Applicants.SubmitAsync("c1", "p1", new SubmitApplicantRequest
        {
            KycDetails = new KycDetails
            {
                CustomerId = "c1",
                FirstName = "Jane",
                Dob = new DateOnly(1990, 6, 15),
                ProfilePicFront = "https://storage.blob.core.windows.net/docs/abc123.jpg",
                AdditionalFields = new() { ["ipAddress"] = JsonSerializer.SerializeToElement("203.0.113.9") },
            },
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/customers/c1/products/p1/applicant",
            """{"kycDetails":{"customerId":"c1","firstName":"Jane","dob":"1990-06-15","profilePicFront":"https://storage.blob.core.windows.net/docs/abc123.jpg","ipAddress":"203.0.113.9"}}""");
        Assert.Equal(KycStatus.Pending, result!.ApplicantStatus);
    }

    [Fact]
    public async Task Submit_sends_free_form_kybDetails_and_accepts_an_empty_response()
    {
        using var host = new ArthaTestHost();
        host.Handler.Respond(System.Net.HttpStatusCode.Accepted, null);

        var result = await host.Client.Applicants.SubmitAsync("c1", "p1", new SubmitApplicantRequest
        {
            KybDetails = new JsonObject { ["company"] = new JsonObject { ["name"] = "Acme" } },
        }, None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Post, "/api/v1/customers/c1/products/p1/applicant", """{"kybDetails":{"company":{"name":"Acme"}}}""");
        Assert.Null(result);
    }

    [Fact]
    public async Task Get_status_reads_bare_camelCase_PascalCase_status()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"customerId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","productId":"7d444840-9dc0-11d1-b245-5ffdce74fad2","applicantStatus":"UnderReview","remarks":null}""");

        var status = await host.Client.Applicants.GetStatusAsync("3fa85f64-5717-4562-b3fc-2c963f66afa6", "7d444840-9dc0-11d1-b245-5ffdce74fad2", None);

        ArthaTestHost.AssertRequest(host.Handler.Single, HttpMethod.Get, "/api/v1/customers/3fa85f64-5717-4562-b3fc-2c963f66afa6/products/7d444840-9dc0-11d1-b245-5ffdce74fad2/applicantstatus");
        Assert.Equal(KycStatus.UnderReview, status.ApplicantStatus);
        Assert.Equal("UnderReview", status.ApplicantStatus.Value);
    }

    [Fact]
    public async Task Get_status_reads_snake_case_wrapped_flow_guide_spelling()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":{"customer_id":"c1","product_id":"p1","applicant_status":"underreview","remarks":"manual review"}}""");

        var status = await host.Client.Applicants.GetStatusAsync("c1", "p1", None);

        Assert.Equal(KycStatus.UnderReview, status.ApplicantStatus);
        Assert.Equal("c1", status.CustomerId);
        Assert.Equal("manual review", status.Remarks);
    }

    [Fact]
    public async Task Upload_posts_multipart_signed_over_the_exact_bytes_and_reads_wrapped_snake_case_urls()
    {
        using var host = new ArthaTestHost();
        host.Handler.RespondJson("""{"data":[{"file_name":"passport_front.jpg","file_url":"https://storage.blob.core.windows.net/docs/abc123.jpg"}]}""");
        using var image = new MemoryStream(Encoding.ASCII.GetBytes("JPEGDATA"));

        var files = await host.Client.Uploads.UploadAsync([new UploadFile("passport_front.jpg", image, "image/jpeg")], None);

        var request = host.Handler.Single;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v1/uploadfile", request.PathAndQuery);
        Assert.StartsWith("multipart/form-data; boundary=", request.ContentType);
        Assert.Contains("name=files; filename=passport_front.jpg", request.BodyText);
        Assert.Contains("JPEGDATA", request.BodyText);
        ArthaTestHost.AssertSigned(request);
        var file = Assert.Single(files);
        Assert.Equal("passport_front.jpg", file.FileName);
        Assert.Equal("https://storage.blob.core.windows.net/docs/abc123.jpg", file.FileUrl);
    }
}
