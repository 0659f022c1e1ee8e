using Market.Api.Requests;
using Market.Application.Common.Exceptions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Market.Api.Infrastructure.Http;

/// <summary>
/// Reads the multipart form of a chart upload before model binding, so that every way it can fail
/// gets the original's message: not a form → 400 <c>Failed to parse form data</c>, no <c>chart</c> part
/// → 400 <c>No chart file found in request</c>, over the size limit → 413. File parts are buffered to
/// disk by ASP.NET Core, never held in memory whole.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChartUploadFormAttribute : Attribute, IAsyncResourceFilter
{
    public const string FormFailedMessage = "Failed to parse form data";

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType)
        {
            throw new BadRequestException(FormFailedMessage);
        }

        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new PayloadTooLargeException("Request body too large");
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new PayloadTooLargeException("Request body too large");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new BadRequestException(FormFailedMessage);
        }

        await next();
    }
}

/// <summary>Binds <see cref="ChartUploadForm"/> from the form read by <see cref="ChartUploadFormAttribute"/>.</summary>
public sealed class ChartUploadFormBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var request = bindingContext.HttpContext.Request;
        var form = request.Form;
        var file = form.Files.GetFile("chart") ?? throw new BadRequestException("No chart file found in request");

        // As in the original (Go's FormValue), a "source" in the query wins over the form field.
        var source = request.Query["source"].FirstOrDefault(s => !string.IsNullOrEmpty(s))
            ?? form["source"].FirstOrDefault(s => !string.IsNullOrEmpty(s));
        bindingContext.Result = ModelBindingResult.Success(new ChartUploadForm(file.FileName, file.Length, file.OpenReadStream, source));
        return Task.CompletedTask;
    }
}
