from clusterwerk.core.templatetags.clusterwerk import plan_text


def test_paragraphs_and_lists_are_rendered_and_escaped():
    html = plan_text("Erster <b>Absatz</b>.\n\n• eins\n\n• zwei & drei\n\nSchluss")
    assert html == (
        "<p>Erster &lt;b&gt;Absatz&lt;/b&gt;.</p>"
        "<ul><li>eins</li><li>zwei &amp; drei</li></ul>"
        "<p>Schluss</p>"
    )


def test_empty_text_renders_nothing():
    assert plan_text("") == ""
    assert plan_text(None) == ""
