"""The alias matcher and its collision rules, with the seeded aliases (entities/seed)."""

import pytest

from entities.matching import AliasError, Matcher, compile_alias, prefilter
from entities.mentions import load_matcher
from entities.models import Entity, EntityAlias
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_entities")]


@pytest.fixture
def mentioned():
    matcher = load_matcher()
    slugs = dict(Entity.objects.values_list("pk", "slug"))

    def found(*texts: str) -> set[str]:
        return {slugs[pk] for pk in matcher.entities_in(texts)}

    return found


def test_torch_is_not_pytorch(mentioned):
    assert mentioned("We implement it in PyTorch.") == {"pytorch"}
    assert mentioned("Code in Torch7 and Lua Torch.") == {"torch"}
    assert mentioned("Implemented in Torch (Collobert et al.)") == {"torch"}
    assert mentioned("Models built with torch.nn modules") == {"pytorch"}
    assert mentioned("We train with PyTorch Lightning") == {"pytorch"}
    assert mentioned("the Py-Torch port") == set()
    # Lower-case "torch" in running text is not the framework.
    assert mentioned("a torch lights the scene") == set()


def test_caffe_is_not_caffe2(mentioned):
    assert mentioned("trained in Caffe2") == {"caffe2"}
    assert mentioned("trained in Caffe 2 on GPUs") == {"caffe2"}
    assert mentioned("the Caffe framework") == {"caffe"}
    assert mentioned("Caffe and Caffe2 both") == {"caffe", "caffe2"}


def test_jax_only_as_a_word(mentioned):
    assert mentioned("We use JAX for autodiff") == {"jax"}
    assert mentioned("Ajax requests and jaxb bindings") == set()
    assert mentioned("calls jax.numpy and jax.jit") == {"jax"}
    # Case rule: lower-case "jax" alone is not enough (it is a name, a suffix, a typo).
    assert mentioned("the jax player") == set()


def test_apache_mxnet_is_mxnet_once(mentioned):
    assert mentioned("Apache MXNet (incubating)") == {"mxnet"}
    assert mentioned("in MXNet and GluonCV") == {"mxnet"}


def test_tf_keras_counts_for_both_tensorflow_and_keras(mentioned):
    assert mentioned("layers from tf.keras") == {"tensorflow", "keras"}
    assert mentioned("standalone Keras on Theano") == {"keras", "theano"}
    assert mentioned("TensorFlow.js in the browser") == {"tensorflow"}


def test_word_boundaries_allow_hyphen_and_digits_suffix_patterns(mentioned):
    assert mentioned("a ResNet-50 backbone") == {"resnet"}
    assert mentioned("a ResNet50 backbone") == {"resnet"}
    assert mentioned("BERT-based encoders") == {"bert"}
    assert mentioned("we fine-tune RoBERTa") == {"bert"}
    assert mentioned("GPT-2 samples") == {"gpt"}
    assert mentioned("the Bert Kappen lab") == set()  # case rule: a first name
    assert mentioned("ResNeXt and DenseNet-121") == {"resnet", "densenet"}


def test_inception_network_not_the_gan_metrics_or_the_word(mentioned):
    assert mentioned("Inception-v3 features") == {"inception"}
    assert mentioned("we report the Inception score and FID") == set()
    assert mentioned("Frechet Inception Distance improves") == set()
    assert mentioned("since its inception, the field") == set()
    assert mentioned("an Inception network; its Inception score is 8") == {"inception"}


def test_momentum_optimizer_not_physics(mentioned):
    assert mentioned("SGD with momentum") == {"sgd", "momentum"}
    assert mentioned("Nesterov accelerated gradient") == {"momentum"}
    assert mentioned("conservation of angular momentum") == set()
    assert mentioned("a momentum encoder as in MoCo") == set()


def test_adam_optimizer_vs_people_and_systems(mentioned):
    assert mentioned("trained with Adam (Kingma & Ba, 2014)") == {"adam"}
    assert mentioned("optimized using the Adam optimizer") == {"adam"}
    assert mentioned("We use Adam with a learning rate of 0.001") == {"adam"}
    assert mentioned("SGD, Adam, and RMSProp converge") == {"sgd", "adam", "rmsprop"}
    assert mentioned("Convergence of the ADAM Algorithm") == {"adam"}
    assert mentioned("AdamW decouples weight decay") == {"adamw"}  # not Adam: word boundary
    # People and other things named Adam.
    assert mentioned("by the Adam Mickiewicz University team") == set()
    assert mentioned("as argued by Adam Smith in economics") == set()
    assert mentioned("Microsoft's Project Adam cluster of machines") == set()
    assert mentioned("an inference engine called ADAM on chip") == set()
    assert mentioned("Adam and Eve in the garden") == set()  # no optimization context


def test_title_and_abstract_are_matched_separately():
    alias = EntityAlias(entity_id=1, phrase="Apache MXNet")
    matcher = Matcher([alias])
    assert matcher.entities_in(["Scaling with Apache", "MXNet is fast"]) == set()
    assert matcher.entities_in(["Scaling with Apache  MXNet"]) == {1}


def test_exclusions_follow_the_case_rule_and_cancel_only_covered_matches():
    alias = EntityAlias(entity_id=7, phrase="Caffe", exclusions="Caffe 2")
    matcher = Matcher([alias])
    assert [m.start for m in matcher.matches("Caffe 2 and Caffe")] == [12]


def test_invalid_alias_is_refused_with_its_name():
    with pytest.raises(AliasError, match=r"alias '\(\?bad': not a valid regular expression"):
        compile_alias(EntityAlias(entity_id=1, phrase="(?bad", is_pattern=True))
    with pytest.raises(AliasError, match="matches empty text"):
        compile_alias(EntityAlias(entity_id=1, phrase="x?", is_pattern=True))
    with pytest.raises(AliasError, match="exclusion"):
        compile_alias(EntityAlias(entity_id=1, phrase="x", is_pattern=True, exclusions="(y"))


def test_prefilters_are_necessary_conditions():
    assert prefilter("tf.keras", False) == ("keras", ())
    assert prefilter(r"Adam|ADAM", True) == (None, ("adam", "adam"))
    assert prefilter(r"ResNet-?\d+", True) == (None, ("resnet",))
    assert prefilter(r"GPT(?:-[1-4])?", True) == (None, ("gpt",))
    # No literal prefix: always try the pattern.
    assert prefilter(r"(?:a|b)cd", True) == (None, ())
    assert prefilter(r"ab?c", True) == (None, ())


def test_every_seeded_alias_compiles_and_every_entity_has_one():
    matcher = load_matcher()
    assert Entity.objects.count() >= 40
    assert matcher.entity_ids == set(Entity.objects.values_list("pk", flat=True))
    kinds = set(Entity.objects.values_list("kind", flat=True))
    assert kinds == {"framework", "model_family", "optimizer"}
    for slug in ["tensorflow", "pytorch", "jax", "keras", "theano", "caffe", "caffe2", "torch",
                 "mxnet", "chainer", "cntk", "paddlepaddle", "alexnet", "vgg", "resnet",
                 "inception", "densenet", "efficientnet", "vit", "bert", "gpt", "sgd",
                 "momentum", "adam", "adamw", "rmsprop", "adagrad"]:  # fmt: skip
        assert Entity.objects.filter(slug=slug).exists(), slug
