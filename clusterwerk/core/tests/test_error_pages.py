def test_unknown_api_address_answers_json(client, db):
    response = client.get("/api/gibt-es-nicht/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Adresse gibt es in der API nicht."}


def test_unknown_page_answers_german_html(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
