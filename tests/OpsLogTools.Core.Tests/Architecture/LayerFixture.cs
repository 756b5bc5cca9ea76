using OpsLogTools.Core.Tests.Architecture.LayerFixture.High;

// Two made-up layers for LayerTests.TheMetadataCheckSeesEveryKindOfReference: Low names High once per kind of use,
// so the metadata scan is shown to see each of them (a scan blind to method bodies would pass the real check too).
namespace OpsLogTools.Core.Tests.Architecture.LayerFixture.High
{
    public class Upper
    {
        public static int Count;

        public static void Touch() => Count++;

        public void Use() => Count++;
    }

    public interface IUpper;

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class UpperAttribute : Attribute;

    public sealed class UpperException : Exception;

    /// <summary>A higher layer may use a lower one.</summary>
    public static class UsesLow
    {
        public static object Make() => new Low.OnlyInBodies();
    }
}

namespace OpsLogTools.Core.Tests.Architecture.LayerFixture.Low
{
    public sealed class OnlyInBodies
    {
        public Upper? Kept;

        public object NewObject() => new Upper();

        public void StaticCall() => Upper.Touch();

        public int FieldRead() => Upper.Count;

        public bool Cast(object o) => o is Upper;

        public Type TypeOf() => typeof(Upper);

        public int GenericArgument() => new List<Upper>().Count;

        public Func<object> InLambda() => () => new Upper();

        public void Local()
        {
            var upper = new Upper();
            upper.Use();
            upper.Use();
        }

        public void Catch()
        {
            try
            {
                Upper.Touch();
            }
            catch (UpperException)
            {
                Kept = null;
            }
        }

        public void Parameter(Upper upper) => Kept = upper;

        public Upper? Returned() => Kept;
    }

    public class Derived : Upper;

    public sealed class Implementer : IUpper;

    [Upper]
    public sealed class Attributed;
}
