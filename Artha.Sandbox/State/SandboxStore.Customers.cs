using Artha.Sandbox.Http;

namespace Artha.Sandbox.State;

public sealed partial class SandboxStore
{
    private static readonly System.Text.RegularExpressions.Regex PhoneCodePattern = new(@"^\+\d{1,4}$");
    private static readonly System.Text.RegularExpressions.Regex PhoneNumberPattern = new(@"^\d{4,15}$");

    public CustomerResponse CreateCustomer(JsonBody body)
    {
        var errors = new FieldErrors();
        var type = body.String("type", errors)?.Trim().ToLowerInvariant();
        var email = body.String("email", errors)?.Trim();
        var phoneCode = body.String("phoneCode", errors)?.Trim();
        var phoneNumber = body.String("phoneNumber", errors)?.Trim();
        var country = body.String("country", errors)?.Trim();
        var dateOfBirth = body.String("dateOfBirth", errors)?.Trim();
        var gender = body.String("gender", errors)?.Trim().ToLowerInvariant();
        var businessName = body.String("businessName", errors)?.Trim();
        var firstName = body.String("firstName", errors)?.Trim();
        var middleName = body.String("middleName", errors)?.Trim();
        var lastName = body.String("lastName", errors)?.Trim();
        var state = body.String("state", errors)?.Trim();
        var externalReference = body.String("externalReference", errors)?.Trim();

        if (type is not ("individual" or "business"))
            errors.Add("type", "Required: individual or business.");
        if (string.IsNullOrEmpty(email)) errors.Add("email", "Required.");
        else if (!Validation.IsEmail(email)) errors.Add("email", "Must be a valid email address.");
        if (string.IsNullOrEmpty(phoneCode)) errors.Add("phoneCode", "Required.");
        else if (!PhoneCodePattern.IsMatch(phoneCode)) errors.Add("phoneCode", "Must be an international dialling prefix such as +44.");
        if (string.IsNullOrEmpty(phoneNumber)) errors.Add("phoneNumber", "Required.");
        else if (!PhoneNumberPattern.IsMatch(phoneNumber)) errors.Add("phoneNumber", "Must be 4 to 15 digits without the country code.");
        if (string.IsNullOrEmpty(country)) errors.Add("country", "Required.");
        else if (!Validation.IsCountry(country)) errors.Add("country", "Must be an ISO 3166-1 alpha-2 code (exactly 2 letters).");
        ValidateNames(errors, firstName, middleName, lastName);
        if (externalReference is { Length: > 200 }) errors.Add("externalReference", "At most 200 characters.");
        if (type == "individual")
        {
            if (string.IsNullOrEmpty(dateOfBirth)) errors.Add("dateOfBirth", "Required for individual customers.");
            else if (!Validation.IsDate(dateOfBirth)) errors.Add("dateOfBirth", "Must be a date (YYYY-MM-DD).");
            if (string.IsNullOrEmpty(gender)) errors.Add("gender", "Required for individual customers.");
            else if (!Validation.Genders.Contains(gender)) errors.Add("gender", "Must be male, female or other.");
        }
        else if (type == "business" && string.IsNullOrEmpty(businessName))
            errors.Add("businessName", "Required for business customers.");
        else if (gender is not null && !Validation.Genders.Contains(gender))
            errors.Add("gender", "Must be male, female or other.");
        var address = ReadAddress(body, "address", errors, required: false);
        var business = ReadBusiness(body, errors);
        errors.ThrowIfAny();

        lock (_gate)
        {
            if (_customersByEmail.ContainsKey(email!))
                throw new ApiException(StatusCodes.Status409Conflict, "EMAIL_ALREADY_EXISTS", $"A customer with email '{email}' already exists.");
            var customer = new CustomerRecord
            {
                Id = Guid.NewGuid().ToString(), Type = type!, FirstName = firstName, MiddleName = middleName, LastName = lastName,
                BusinessName = businessName ?? business?.BusinessName, Email = email!, PhoneCode = phoneCode, PhoneNumber = phoneNumber,
                Country = country!.ToUpperInvariant(), State = state, DateOfBirth = Validation.ToDate(dateOfBirth), Gender = gender,
                ExternalReference = externalReference, Address = address, Business = business, CreatedAt = Now,
            };
            AddCustomer(customer);
            return customer.ToResponse();
        }
    }

    private void AddCustomer(CustomerRecord customer)
    {
        _customers[customer.Id] = customer;
        _customerList.Add(customer);
        _customersByEmail[customer.Email] = customer;
    }

    private static void ValidateNames(FieldErrors errors, string? firstName, string? middleName, string? lastName)
    {
        if (firstName is { Length: > 100 }) errors.Add("firstName", "At most 100 characters.");
        if (middleName is { Length: > 100 }) errors.Add("middleName", "At most 100 characters.");
        if (lastName is { Length: > 100 }) errors.Add("lastName", "At most 100 characters.");
    }

    /// <summary>Reads an address object in either spelling (<c>addressLine1</c> / <c>address_line_1</c>).</summary>
    private static AddressInfo? ReadAddress(JsonBody body, string name, FieldErrors errors, bool required)
    {
        var obj = body.Object(name, errors);
        if (obj is null)
        {
            if (required) errors.Add(name, "Required.");
            return null;
        }
        var line1 = obj.String("addressLine1", errors);
        var city = obj.String("city", errors);
        var postalCode = obj.String("postalCode", errors);
        var country = obj.String("country", errors);
        if (required)
        {
            if (string.IsNullOrWhiteSpace(line1)) errors.Add($"{name}.addressLine1", "Required.");
            if (string.IsNullOrWhiteSpace(city)) errors.Add($"{name}.city", "Required.");
            if (string.IsNullOrWhiteSpace(postalCode)) errors.Add($"{name}.postalCode", "Required.");
            if (string.IsNullOrWhiteSpace(country)) errors.Add($"{name}.country", "Required.");
        }
        if (country is not null && !Validation.IsCountry(country))
            errors.Add($"{name}.country", "Must be an ISO 3166-1 alpha-2 code (exactly 2 letters).");
        return new AddressInfo(line1, obj.String("addressLine2", errors), city, obj.String("state", errors), postalCode, country?.ToUpperInvariant());
    }

    private static BusinessInfo? ReadBusiness(JsonBody body, FieldErrors errors)
    {
        var obj = body.Object("business", errors);
        if (obj is null) return null;
        return new BusinessInfo(obj.String("businessName", errors), obj.String("registrationNumber", errors), obj.String("taxId", errors),
            obj.String("incorporationDate", errors), obj.String("website", errors), obj.String("industry", errors), obj.String("companyType", errors));
    }

    public CustomerResponse GetCustomer(string id)
    {
        lock (_gate)
            return FindCustomer(id).ToResponse();
    }

    private CustomerRecord FindCustomer(string id) =>
        _customers.TryGetValue(id, out var c) ? c : throw ApiException.NotFound("Customer", id);

    public ListResponse<CustomerResponse> ListCustomers(CustomerFilter filter, Paging paging)
    {
        var search = filter.Search?.Trim();
        Func<CustomerRecord, bool>? predicate = null;
        if (!string.IsNullOrEmpty(search) || filter.Type is not null || filter.KycStatus is not null || filter.Status is not null
            || filter.CreatedFrom is not null || filter.CreatedTo is not null)
            predicate = c =>
                (string.IsNullOrEmpty(search) || Contains(c.FirstName) || Contains(c.LastName) || Contains(c.MiddleName)
                    || Contains(c.BusinessName) || Contains(c.Email) || Contains(c.PhoneNumber) || Contains(c.PhoneCode + c.PhoneNumber)
                    || Contains(c.DisplayName))
                && StatusEquals(c.Type, filter.Type)
                && StatusEquals(c.KycState, filter.KycStatus)
                && StatusEquals(c.Status, filter.Status)
                && (filter.CreatedFrom is null || c.CreatedAt >= filter.CreatedFrom)
                && (filter.CreatedTo is null || c.CreatedAt <= filter.CreatedTo);
        lock (_gate)
            return Page(_customerList, predicate, paging, c => c.ToResponse());

        bool Contains(string? value) => value is not null && value.Contains(search!, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>PATCH: an absent field keeps its value; an explicit null resets a nullable field.</summary>
    public CustomerResponse UpdateCustomer(string id, JsonBody body)
    {
        var errors = new FieldErrors();
        foreach (var required in new[] { "email", "phoneCode", "phoneNumber", "country", "type" })
            if (body.IsNull(required))
                errors.Add(required, "Cannot be null.");
        if (body.Has("type"))
            errors.Add("type", "The customer type cannot be changed.");
        var email = body.String("email", errors)?.Trim();
        if (email is not null && !Validation.IsEmail(email)) errors.Add("email", "Must be a valid email address.");
        var phoneCode = body.String("phoneCode", errors)?.Trim();
        if (phoneCode is not null && !PhoneCodePattern.IsMatch(phoneCode)) errors.Add("phoneCode", "Must be an international dialling prefix such as +44.");
        var phoneNumber = body.String("phoneNumber", errors)?.Trim();
        if (phoneNumber is not null && !PhoneNumberPattern.IsMatch(phoneNumber)) errors.Add("phoneNumber", "Must be 4 to 15 digits without the country code.");
        var country = body.String("country", errors)?.Trim();
        if (country is not null && !Validation.IsCountry(country)) errors.Add("country", "Must be an ISO 3166-1 alpha-2 code (exactly 2 letters).");
        var dateOfBirth = body.String("dateOfBirth", errors)?.Trim();
        if (dateOfBirth is not null && !Validation.IsDate(dateOfBirth)) errors.Add("dateOfBirth", "Must be a date (YYYY-MM-DD).");
        var gender = body.String("gender", errors)?.Trim().ToLowerInvariant();
        if (gender is not null && !Validation.Genders.Contains(gender)) errors.Add("gender", "Must be male, female or other.");
        var firstName = body.String("firstName", errors)?.Trim();
        var middleName = body.String("middleName", errors)?.Trim();
        var lastName = body.String("lastName", errors)?.Trim();
        ValidateNames(errors, firstName, middleName, lastName);
        var externalReference = body.String("externalReference", errors)?.Trim();
        if (externalReference is { Length: > 200 }) errors.Add("externalReference", "At most 200 characters.");
        var state = body.String("state", errors)?.Trim();
        var businessName = body.String("businessName", errors)?.Trim();
        var address = ReadAddress(body, "address", errors, required: false);
        var business = ReadBusiness(body, errors);
        errors.ThrowIfAny();

        lock (_gate)
        {
            var c = FindCustomer(id);
            if (c.Type == "individual")
            {
                if (body.IsNull("dateOfBirth")) errors.Add("dateOfBirth", "Required for individual customers; cannot be reset.");
                if (body.IsNull("gender")) errors.Add("gender", "Required for individual customers; cannot be reset.");
            }
            else if (body.IsNull("businessName"))
                errors.Add("businessName", "Required for business customers; cannot be reset.");
            errors.ThrowIfAny();
            if (email is not null && !email.Equals(c.Email, StringComparison.OrdinalIgnoreCase))
            {
                if (_customersByEmail.ContainsKey(email))
                    throw new ApiException(StatusCodes.Status409Conflict, "EMAIL_ALREADY_EXISTS", $"A customer with email '{email}' already exists.");
                _customersByEmail.Remove(c.Email);
                _customersByEmail[email] = c;
                c.Email = email;
            }
            if (body.Has("firstName")) c.FirstName = firstName;
            if (body.Has("middleName")) c.MiddleName = middleName;
            if (body.Has("lastName")) c.LastName = lastName;
            if (phoneCode is not null) c.PhoneCode = phoneCode;
            if (phoneNumber is not null) c.PhoneNumber = phoneNumber;
            if (country is not null) c.Country = country.ToUpperInvariant();
            if (body.Has("state")) c.State = state;
            if (body.Has("dateOfBirth")) c.DateOfBirth = Validation.ToDate(dateOfBirth);
            if (body.Has("gender")) c.Gender = gender;
            if (body.Has("externalReference")) c.ExternalReference = externalReference;
            if (body.Has("businessName")) c.BusinessName = businessName;
            if (body.Has("address")) c.Address = address;
            if (body.Has("business"))
            {
                c.Business = business;
                if (business?.BusinessName is { } bn && !body.Has("businessName")) c.BusinessName = bn;
            }
            c.UpdatedAt = Now;
            return c.ToResponse();
        }
    }

    // ---------------------------------------------------------------- KYC / KYB

    private static string ApplicationKey(string customerId, string productId) =>
        customerId.ToLowerInvariant() + "|" + productId.ToLowerInvariant();

    public ApplicantStatusResponse SubmitApplicant(string customerId, string productId, JsonBody body)
    {
        ProductRecord product;
        CustomerRecord customer;
        lock (_gate)
        {
            customer = FindCustomer(customerId);
            product = FindProduct(productId);
        }

        var errors = new FieldErrors();
        var isBusiness = product.CustomerType == "business";
        var detailsName = isBusiness ? "kybDetails" : "kycDetails";
        if (customer.Type != product.CustomerType)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, "PRODUCT_NOT_AVAILABLE",
                $"Product '{product.Name}' is for {product.CustomerType} customers; this customer is {customer.Type}.");
        var details = body.Object(detailsName, errors);
        if (details is null)
        {
            errors.Add(detailsName, isBusiness ? "Required: business customers submit kybDetails." : "Required: individual customers submit kycDetails.");
            errors.ThrowIfAny();
        }
        var bodyCustomerId = details!.String("customerId", errors);
        if (bodyCustomerId is not null && !bodyCustomerId.Equals(customer.Id, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{detailsName}.customerId", "Must match the customerId in the path.");
        if (isBusiness)
        {
            var company = details.Object("company", errors);
            if ((details.FirstPresent("companyName", "businessName", "legalName") ?? company?.FirstPresent("name", "companyName", "businessName", "legalName")) is null)
                errors.Add($"{detailsName}.companyName", "Required for KYB (also accepted as businessName, legalName or company.name).");
            if ((details.FirstPresent("registrationNumber") ?? company?.FirstPresent("registrationNumber")) is null)
                errors.Add($"{detailsName}.registrationNumber", "Required for KYB (also accepted as company.registrationNumber).");
        }
        KycRequirements.Validate(product.KycRequirements, details, detailsName, errors);
        var applicantLastName = details.String("lastName", errors) ?? customer.LastName;
        errors.ThrowIfAny();

        lock (_gate)
        {
            var key = ApplicationKey(customer.Id, product.ProductId);
            if (_applications.TryGetValue(key, out var existing) && existing.Status == "Approved")
                throw new ApiException(StatusCodes.Status409Conflict, "APPLICATION_ALREADY_APPROVED",
                    "KYC for this customer and product is already approved.");
            var application = existing ?? new ApplicationRecord { CustomerId = customer.Id, ProductId = product.ProductId };
            application.Status = "Pending";
            application.Remarks = "Submitted; awaiting review.";
            application.ApplicantLastName = applicantLastName;
            application.SubmittedAt = Now;
            application.UpdatedAt = Now;
            application.Version++;
            _applications[key] = application;
            customer.KycState = "pending";
            customer.UpdatedAt = Now;
            Schedule(ScheduledWorkKind.KycReview, key, Options.KycDelaySeconds, application.Version);
            PublishApplicationEvent("cardholder.reviewing", application);
            return application.ToResponse();
        }
    }

    /// <summary>§7.5: with no application yet the documented answer is UnderReview (200), not 404.</summary>
    public ApplicantStatusResponse GetApplicantStatus(string customerId, string productId)
    {
        lock (_gate)
        {
            var customer = FindCustomer(customerId);
            var product = FindProduct(productId);
            return _applications.TryGetValue(ApplicationKey(customer.Id, product.ProductId), out var application)
                ? application.ToResponse()
                : new ApplicantStatusResponse(customer.Id, product.ProductId, "UnderReview", "No application has been submitted for this product.", null, null);
        }
    }

    private void CompleteKycReview(ScheduledWork work)
    {
        if (!_applications.TryGetValue(work.Id, out var application) || application.Version != work.Version || application.Status != "Pending")
            return;
        var lastName = application.ApplicantLastName?.Trim();
        if (string.Equals(lastName, "Reject", StringComparison.OrdinalIgnoreCase))
        {
            application.Status = "Rejected";
            application.Remarks = "Identity document could not be verified (sandbox rule: last name 'Reject').";
        }
        else if (string.Equals(lastName, "Review", StringComparison.OrdinalIgnoreCase))
        {
            application.Status = "UnderReview";
            application.Remarks = "Application is under manual review (sandbox rule: last name 'Review' never completes).";
        }
        else
        {
            application.Status = "Approved";
            application.Remarks = "KYC verification completed successfully";
        }
        application.UpdatedAt = Now;
        if (_customers.TryGetValue(application.CustomerId, out var customer))
        {
            customer.KycState = application.Status switch { "Approved" => "approved", "Rejected" => "rejected", _ => "under_review" };
            customer.UpdatedAt = Now;
        }
        PublishApplicationEvent(application.Status switch
        {
            "Approved" => "cardholder.approved",
            "Rejected" => "cardholder.rejected",
            _ => "cardholder.reviewing",
        }, application);
    }

    // Provisional payload (§14.4 could not be read): customer/product ids, status and remarks.
    private void PublishApplicationEvent(string eventType, ApplicationRecord application) =>
        _webhooks.Publish(eventType, new Dictionary<string, object?>
        {
            ["customer_id"] = application.CustomerId,
            ["product_id"] = application.ProductId,
            ["status"] = application.Status.ToLowerInvariant() switch { "underreview" => "under_review", var s => s },
            ["remarks"] = application.Remarks,
        });

    // ---------------------------------------------------------------- products

    private ProductRecord FindProduct(string id) =>
        _products.TryGetValue(id, out var p) ? p : throw ApiException.NotFound("Product", id);

    public ProductResponse GetProduct(string id)
    {
        lock (_gate)
            return FindProduct(id).ToResponse();
    }

    public ListResponse<ProductResponse> ListProducts(Paging paging, string? type, string? currency, string? customerType)
    {
        Func<ProductRecord, bool>? predicate = type is null && currency is null && customerType is null
            ? null
            : p => StatusEquals(p.Type, type) && StatusEquals(p.Currency, currency) && StatusEquals(p.CustomerType, customerType);
        lock (_gate)
        {
            // Products are listed in catalogue order (oldest first), unlike the newest-first activity lists.
            var reversed = _productList.AsEnumerable().Reverse().ToList();
            return Page(reversed, predicate, paging, p => p.ToResponse());
        }
    }
}
