from learnlab import create_app

app = create_app()
