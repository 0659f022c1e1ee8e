using FluentValidation;

namespace Market.Application.Runtime.Queries.GetRuntimeState;

public sealed class GetRuntimeStateQueryValidator : AbstractValidator<GetRuntimeStateQuery>
{
    private const int MaxFilterLength = 256;

    public GetRuntimeStateQueryValidator()
    {
        RuleFor(q => q.UserId).MaximumLength(MaxFilterLength).OverridePropertyName("user_id");
        RuleFor(q => q.SourceId).MaximumLength(MaxFilterLength).OverridePropertyName("source_id");
        RuleFor(q => q.AppName).MaximumLength(MaxFilterLength).OverridePropertyName("app_name");
        RuleFor(q => q.TaskStatus).MaximumLength(MaxFilterLength).OverridePropertyName("task_status");
        RuleFor(q => q.TaskType).MaximumLength(MaxFilterLength).OverridePropertyName("task_type");
    }
}
