"""Generic, reversible change history for curated data (aliases, institutions, entities).

What it gives you
-----------------
* ``curation.models.ChangeRecord``: one row per add / change / delete of any model object:
  content type + ``object_pk``, ``action``, ``before`` / ``after`` JSON snapshots (field
  values as Django's JSON serializer writes them: foreign keys and m2m as primary keys),
  ``cascade`` (snapshots of the rows a delete removed or nulled), ``user``, ``created_at``,
  ``note`` (why), ``reverted_at`` / ``reverted_by``, and ``reverts`` (the record a revert undid).
* ``curation.admin.CurationAdminMixin``: put it before ``admin.ModelAdmin`` and every
  add/change/delete made through that admin (change form, inlines, delete view, bulk delete)
  is recorded; the object's "History" button shows its records::

      @admin.register(Alias)
      class AliasAdmin(CurationAdminMixin, admin.ModelAdmin): ...

* Admin "Curation history > Change records": who, when, before → after, filter by model,
  a "Revert…" link per record (confirmation page) and a bulk "Revert the selected changes"
  action. Reverting needs add+change+delete permission on the object's model.
* ``curation.history`` for code outside the admin (custom admin views, commands, scripts):
  ``record_added(obj, user, note)`` after creating; ``with tracked(obj, user, note): ...``
  around an update (the "before" is read from the database); ``delete_with_record(obj, user,
  note)`` instead of ``obj.delete()``; ``revert(record, user)``, which raises ``RevertError``.

Revert semantics: an add is undone by deleting the object; a change by restoring the
"before" fields; a delete by recreating the object with its primary key and then the rows
its delete cascaded to (and re-setting SET_NULL'd foreign keys). A revert is refused when the
record was already reverted or when the object changed again since (its current state is not
the recorded "after"): revert the newer change first. A revert is itself recorded (with
``reverts`` pointing at the undone record), so it can be reverted in turn.

Restores use ordinary ``save()``, so ``post_save`` / ``post_delete`` signals fire: hook your
derived-data refresh on those signals (as the institutions app does) and reverts refresh it
too. Bulk ``QuerySet.update()`` / ``delete()`` bypass the history: don't use them for curated
data.
"""
