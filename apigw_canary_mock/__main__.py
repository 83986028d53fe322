from apigw_canary_mock.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
