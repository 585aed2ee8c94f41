"""Natural keys: every catalog row is named by its slug, in fixtures and in URLs."""

from django.db import models


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugModel(models.Model):
    """A catalog row named by its slug, in fixtures and in URLs."""

    slug = models.SlugField(max_length=80, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)
